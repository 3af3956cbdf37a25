"""The public search of open positions, as one package: what was asked (filters), how it is found
at any size (planner, over the keyword index in catalog), the answer (results), the caches that
answer it again (caches, page_cache, fastpath) and the page context shared by positions/ and me/."""
