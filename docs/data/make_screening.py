# The imbalanced screening set of docs/guide.md section 7: 267 benign and 12 malignant training rows, 200 + 200 test rows.
# Run from docs/data with python3 (numpy, scikit-learn); it also prints scikit-learn MLPClassifier's malignant recall.
import numpy as np, sys
from sklearn.datasets import make_classification
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler
from sklearn.metrics import recall_score
sep=float(sys.argv[1]) if len(sys.argv)>1 else 2.0
X,y=make_classification(n_samples=4000,n_features=8,n_informative=4,n_redundant=2,n_clusters_per_class=2,class_sep=sep,flip_y=0,random_state=7)
rng=np.random.default_rng(7)
common=np.flatnonzero(y==0); rare=np.flatnonzero(y==1)
rng.shuffle(common); rng.shuffle(rare)
tr=np.concatenate([common[:267],rare[:12]]); te=np.concatenate([common[267:467],rare[12:212]])
names=["benign","malignant"]
def write(path, idx):
    with open(path,"w") as f:
        f.write(",".join([f"f{i}" for i in range(8)]+["diagnosis"])+"\n")
        for i in idx: f.write(",".join(f"{v:.6g}" for v in X[i])+","+names[y[i]]+"\n")
write("screening-train.csv",tr); write("screening-test.csv",te)
s=StandardScaler().fit(X[tr])
for seed in range(3):
    m=MLPClassifier(hidden_layer_sizes=(16,),max_iter=2000,random_state=seed).fit(s.transform(X[tr]),y[tr])
    print("sklearn rare recall",recall_score(y[te],m.predict(s.transform(X[te]))))
