"""Django's PostgreSQL backend with a lighter health check and a cursor for hot reads
(``base``)."""
