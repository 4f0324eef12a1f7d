setClass("Rect", representation(w = "numeric", h = "numeric"),
         validity = function(object) if (object@w < 0 || object@h < 0) "negative size" else TRUE)
setGeneric("area", function(shape) standardGeneric("area"))
setMethod("area", "Rect", function(shape) shape@w * shape@h)
r <- new("Rect", w = 3, h = 4)
area(r)
isGeneric("area")
existsMethod("area", "Rect")
res <- tryCatch(new("Rect", w = -1, h = 2), error = function(e) conditionMessage(e))
res
setGeneric("describe", function(x, ...) standardGeneric("describe"))
setMethod("describe", "numeric", function(x, ...) cat("numeric of length", length(x), "\n"))
setMethod("describe", "character", function(x, ...) cat("character:", x, "\n"))
describe(1:3 + 0.5)
describe("hi")
validObject(r)
initialize(r, w = 10)@w
