set.seed(2)
km <- kmeans(scale(iris[, 1:4]), centers = 3, nstart = 5)
table(km$cluster, iris$Species)
sort(km$size)
hc <- hclust(dist(USArrests[1:10, ]), method = "average")
cutree(hc, k = 3)
hc$merge[1:3, ]
round(head(sort(dist(USArrests[1:5, ]))), 3)
