pc <- prcomp(USArrests, scale. = TRUE)
summary(pc)
round(pc$sdev, 4)
round(abs(pc$rotation[, 1]), 4)
