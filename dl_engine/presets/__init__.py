"""Named, one-click experiments for the playground pages."""
