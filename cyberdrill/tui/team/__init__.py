"""The team console: inbox, reader, attachments, evidence locker, actions, sent items and timeline."""
