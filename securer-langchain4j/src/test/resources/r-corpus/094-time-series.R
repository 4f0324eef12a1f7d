sales <- ts(c(12, 15, 14, 18, 21, 19, 25, 27, 24, 30, 33, 31, 35, 38), start = c(2023, 3), frequency = 12)
sales
window(sales, start = c(2024, 1))
frequency(sales); start(sales); end(sales)
round(diff(sales), 1)
lag(ts(1:3), 1)
aggregate(ts(1:8, frequency = 4, start = c(2022, 1)), FUN = sum)
ts(matrix(1:6, 3, dimnames = list(NULL, c("a", "b"))), start = 2000)
