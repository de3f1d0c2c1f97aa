"""One module per subcommand: options, calls into the core, rendering. Loaded lazily."""
