// storage comes next
