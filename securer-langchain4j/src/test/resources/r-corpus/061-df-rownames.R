df <- head(mtcars[, 1:4], 5)
rownames(df)
df["Valiant", ]
df[c("Mazda RX4", "Datsun 710"), "hp"]
rownames(df) <- NULL
df
cars2 <- data.frame(model = rownames(mtcars)[1:3], mtcars[1:3, 1:2], row.names = NULL)
cars2
row.names(cars2) <- c("r1", "r2", "r3")
cars2
dimnames(cars2)
