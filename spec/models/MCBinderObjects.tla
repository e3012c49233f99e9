--------------------------- MODULE MCBinderObjects ---------------------------
(* What only a bounded model of BinderObjects needs: objects-broken swaps in  *)
(* the bound of CVE-2020-0041, where num_valid was the byte distance into the *)
(* offsets array times the entry size (instead of divided by it), so a PTR or *)
(* an FDA could name as parent an entry not validated yet.  ParentsValidated *)
(* must fail.                                                                 *)
EXTENDS BinderObjects

MCNumValidFromBytes(k) == ((k - 1) * 8) * 8
=============================================================================
