"""Background work of circles and projects (e-mails, digests, PDFs), one module per area."""
