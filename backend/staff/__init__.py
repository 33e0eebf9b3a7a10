"""The council's side: staff sign-in, the queue, a case, recording a phone or face-to-face report, the CLI."""
