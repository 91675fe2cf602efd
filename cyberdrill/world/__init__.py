"""Seeded synthetic worlds for a run, generated from the pack with Faker."""
