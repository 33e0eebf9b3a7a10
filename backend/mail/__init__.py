"""Email: what the messages say, and the outbox that sends them."""
