"""Documents several sides serve the same way: the 见习协议 as an accessible page and as a PDF."""
