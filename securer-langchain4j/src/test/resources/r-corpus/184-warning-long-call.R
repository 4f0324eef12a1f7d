summarise_measurements <- function(values, threshold_value, label_text) {
  warning("threshold exceeded")
  invisible(values)
}
summarise_measurements(values = c(1, 2, 3), threshold_value = 10, label_text = "trial")
summarise_measurements(values = 1, threshold_value = 2, label_text = "x")
