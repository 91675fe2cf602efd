"""Small widgets shared by the consoles."""
