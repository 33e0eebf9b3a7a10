"""What every journey shares on the web: who may use a route, sessions, signed tokens, security
headers, error pages, log scrubbing, and serving the built site beside the backend."""
