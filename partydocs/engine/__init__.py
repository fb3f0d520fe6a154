"""Phase two: plan the targets, rebuild what changed, write atomically inside output/."""
