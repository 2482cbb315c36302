"""Operating the register: health checks, Prometheus metrics and JSON logs with request ids."""
