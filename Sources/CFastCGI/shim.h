// libfcgi's request API only: never fcgi_stdio.h, which redefines stdio.
#include <fcgiapp.h>
