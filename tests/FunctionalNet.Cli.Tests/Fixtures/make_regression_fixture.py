# Writes regression.csv, the regression fixture of the CLI tests: 200 rows, three features, two continuous targets.
# Run with /usr/bin/python3 (numpy); the seed makes the file reproducible.
import numpy as np

rng = np.random.default_rng(14)
n = 200
size = rng.uniform(0, 2, n)
age = rng.uniform(0, 3, n)
rooms = rng.uniform(1, 5, n)
price = 3 * size - 2 * age + rooms ** 2 / 4 + rng.normal(0, 0.1, n)
rent = 0.5 * size + np.sin(age) + rng.normal(0, 0.05, n)
with open("regression.csv", "w") as f:
    f.write("size,age,rooms,price,rent\n")
    for row in zip(size, age, rooms, price, rent):
        f.write(",".join(f"{v:.4f}" for v in row) + "\n")
