"""Forms the office's pages and the units' pages share (a blueprint imports no other): the form a
service rule checks with its one way to save, and the 见习岗位 and 结束招募 forms."""
