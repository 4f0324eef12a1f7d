setClass("P", representation(v = "numeric"))
setMethod("show", "P", function(object) stop("show failed"))
new("P", v = 1)
