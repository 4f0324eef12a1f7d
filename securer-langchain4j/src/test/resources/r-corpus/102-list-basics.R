person <- list(name = "Ann", age = 34, langs = c("R", "SQL"))
person
person$name
person[["langs"]]
person["age"]
length(person)
names(person)
person$city <- "Oslo"
person$age <- NULL
str(person)
list(1, "two", TRUE, NULL, c(3, 4))
unlist(list(a = 1, b = list(c = 2, d = 3)))
