"""Pure UI functions returning rx.Component; they never touch data."""
