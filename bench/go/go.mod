module ist.spike/wire

go 1.19
