scores <- c(alice = 90, bob = 72, carol = 85)
scores
names(scores)
scores["bob"]
scores[c("carol", "alice")]
scores[scores > 80]
scores[["alice"]]
names(scores)[2] <- "robert"
scores
x <- setNames(1:26, letters)
x
unname(scores)
