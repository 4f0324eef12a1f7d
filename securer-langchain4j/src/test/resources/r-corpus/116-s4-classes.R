setClass("Person", representation(name = "character", age = "numeric"))
p <- new("Person", name = "Ada", age = 36)
p
p@name
isVirtualClass("Person")
is(p, "Person")
slotNames("Person")
setMethod("show", "Person", function(object) {
  cat("Person:", object@name, "(", object@age, ")\n")
})
p
print(p)
setClass("Employee", contains = "Person", representation(boss = "character"))
e <- new("Employee", name = "Bob", age = 41, boss = "Ada")
e
is(e, "Person")
p@age <- 37
p
