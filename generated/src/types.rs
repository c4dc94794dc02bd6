// placeholder until `cargo xtask regen` writes this file
