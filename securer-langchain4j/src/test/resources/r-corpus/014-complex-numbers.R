z <- complex(real = 3, imaginary = 4)
z
Mod(z)
Arg(1i)
Conj(z)
Re(z); Im(z)
z * (1 - 2i)
sqrt(as.complex(-4))
(1 + 2i)^2
polyroot(c(6, -5, 1))
exp(1i * pi)
c(1+1i, 2-3.5i, -1i)
