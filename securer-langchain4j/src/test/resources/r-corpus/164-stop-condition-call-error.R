cnd <- simpleError("custom failure", call = quote(my_fun(a, b)))
class(cnd)
stop(cnd)
