// Package arch holds no code. Its test keeps carepress's packages
// depending one way, from the command down to the model and the
// configuration (see the table in arch_test.go): the configuration
// imports no social package, and the build no checks. A dependency that
// would point back up fails the test, naming the chain of imports that
// leads to it.
package arch
