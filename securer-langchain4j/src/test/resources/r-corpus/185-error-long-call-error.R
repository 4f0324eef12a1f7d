summarise_measurements <- function(values, threshold_value, label_text) stop("threshold exceeded")
summarise_measurements(values = c(1, 2, 3), threshold_value = 10, label_text = "trial")
