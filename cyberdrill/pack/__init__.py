"""The authoring format: pack folders of YAML -> validated models, with FILE:LINE:COL errors."""
