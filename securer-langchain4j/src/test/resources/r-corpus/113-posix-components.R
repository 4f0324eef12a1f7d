t <- as.POSIXlt("2024-02-29 23:59:58", tz = "UTC")
t$year + 1900
t$mon + 1
t$mday
t$hour; t$min; t$sec
t$wday
t$yday
unlist(unclass(as.POSIXlt("2000-01-01", tz = "UTC"))[c("year", "mon", "mday")])
format(as.POSIXct("2024-02-29 23:59:58", tz = "UTC") + 3, "%Y-%m-%d %H:%M:%S")
strftime(as.POSIXct("2024-07-01 12:00", tz = "UTC"), "%Y week %V", tz = "UTC")
as.POSIXct("2024-07-01 12:00", tz = "UTC")
ISOdate(2024, 5, 17)
trunc(as.POSIXct("2024-07-01 12:34:56", tz = "UTC"), "hours")
