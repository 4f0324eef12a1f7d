a <- as.Date("2024-01-01")
b <- as.Date("2024-07-04")
b - a
difftime(b, a, units = "weeks")
as.numeric(difftime(b, a, units = "days"))
format(b - a)
units(b - a)
t1 <- as.POSIXct("2024-03-10 08:15:00", tz = "UTC")
t2 <- as.POSIXct("2024-03-11 14:45:30", tz = "UTC")
t2 - t1
difftime(t2, t1, units = "hours")
difftime(t2, t1, units = "mins")
round(as.numeric(difftime(t2, t1, units = "secs")))
t1 + 3600
format(t2, "%H:%M:%S")
format(t1 + 86400 * 0:2, "%Y-%m-%d %H:%M %Z")
