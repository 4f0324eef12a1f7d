wide <- as.data.frame(matrix(1:300, nrow = 25,
                             dimnames = list(NULL, paste0("measurement_", 1:12))))
wide
