print(1:3000)
summary(1:3000)
