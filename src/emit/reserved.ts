// The names a C++ identifier made from spec text must never be: keywords, the
// names generated code and the runtime use, macros and global names of the C and
// C++ standard libraries, POSIX/glibc, CUDA and TensorRT headers the generated code
// includes, and the predefined macros of GNU modes (`linux`, `unix`, `i386`, ...:
// -std=gnu++17 is CMake's default). CppNamer (namer.ts) is the only user.
// test/emit/cpp-names.test.ts compiles every case below under -std=c++17 and
// -std=gnu++17 against real TensorRT headers, and checks that every macro those
// headers define is reserved here.

const words = (s: string): string[] => s.split(/\s+/).filter((w) => w !== "");

/** C++20 keywords and alternative tokens, plus identifiers with special meaning. */
const KEYWORDS = words(`
  alignas alignof and and_eq asm auto bitand bitor bool break case catch char char8_t char16_t char32_t class compl
  concept const consteval constexpr constinit const_cast continue co_await co_return co_yield decltype default delete do
  double dynamic_cast else enum explicit export extern false float for friend goto if inline int long mutable namespace
  new noexcept not not_eq nullptr operator or or_eq private protected public register reinterpret_cast requires return
  short signed sizeof static static_assert static_cast struct switch template this thread_local throw true try typedef
  typeid typename union unsigned using virtual void volatile wchar_t while xor xor_eq final override import module
`);

/**
 * Names the templates (templates/*.hbs, src/emit/layers.ts) and the runtime (cpp-runtime/) declare or
 * refer to where spec-named identifiers live, and the names a custom snippet is
 * given (`inputs`, `output`, `network`, `b`, ...).
 */
const GENERATED_CODE = words(`
  std nvinfer1 trtgen posix main argc argv info network builder weights options error b inputs output
  buildNetwork kWeights kInputs kOutputs kProfileRanges initPlugins initLibNvInferPlugins
`);

/** Lower-case macros of the C, POSIX and glibc headers, GNU predefined system names, and common platform macros. */
const MACROS = words(`
  assert errno offsetof setjmp va_arg va_copy va_end va_start stdin stdout stderr alloca major minor makedev
  L_ctermid L_cuserid L_tmpnam P_tmpdir sched_priority getc putc getchar putchar
  fpclassify isfinite isinf isnan isnormal signbit isgreater isgreaterequal isless islessequal islessgreater isunordered
  complex imaginary noreturn
  linux unix i386 sun sparc mips vax m68k mc68000 pdp11 hp9000 ns32000 u3b ibm bsd sgi powerpc
  min max small near far interface pascal cdecl
`);

/**
 * Global names of the C standard library (C17 clause 7), which C++ headers such
 * as <string> and the CUDA runtime headers bring into the global namespace, and
 * the POSIX/glibc names g++ exposes by default (_GNU_SOURCE). A local variable of
 * such a name would hide it from a custom snippet.
 */
const C_LIBRARY = words(`
  remove rename tmpfile tmpnam fclose fflush fopen freopen setbuf setvbuf fprintf fscanf printf scanf snprintf sprintf
  sscanf vfprintf vfscanf vprintf vscanf vsnprintf vsprintf vsscanf fgetc fgets fputc fputs gets puts ungetc fread
  fwrite fgetpos fseek fsetpos ftell rewind clearerr feof ferror perror
  atof atoi atol atoll strtod strtof strtold strtol strtoll strtoul strtoull rand srand aligned_alloc calloc free malloc
  realloc abort atexit at_quick_exit exit quick_exit getenv system bsearch qsort abs labs llabs div ldiv lldiv
  mblen mbtowc wctomb mbstowcs wcstombs
  memcpy memmove strcpy strncpy strcat strncat memcmp strcmp strcoll strncmp strxfrm memchr strchr strcspn strpbrk
  strrchr strspn strstr strtok memset strerror strlen
  acos asin atan atan2 cos sin tan acosh asinh atanh cosh sinh tanh exp exp2 expm1 frexp ilogb ldexp log log10 log1p
  log2 logb modf scalbn scalbln cbrt fabs hypot pow sqrt erf erfc lgamma tgamma ceil floor nearbyint rint lrint
  llrint round lround llround trunc fmod remainder remquo copysign nan nextafter nexttoward fdim fmax fmin fma
  isalnum isalpha isblank iscntrl isdigit isgraph islower isprint ispunct isspace isupper isxdigit tolower toupper
  tm timespec clock difftime mktime time timespec_get asctime ctime gmtime localtime strftime
  signal raise longjmp lconv setlocale localeconv
  mbrtoc16 c16rtomb mbrtoc32 c32rtomb imaxabs imaxdiv strtoimax strtoumax wcstoimax wcstoumax
  btowc wctob mbsinit mbrlen mbrtowc wcrtomb mbsrtowcs wcsrtombs fwide fgetwc fgetws fputwc fputws getwc getwchar
  putwc putwchar ungetwc fwprintf fwscanf swprintf swscanf vfwprintf vfwscanf vswprintf vswscanf vwprintf vwscanf
  wprintf wscanf wcstod wcstof wcstold wcstol wcstoll wcstoul wcstoull wcscpy wcsncpy wcscat wcsncat wcscmp wcscoll
  wcsncmp wcsxfrm wcschr wcscspn wcspbrk wcsrchr wcsspn wcsstr wcstok wcslen wmemcpy wmemmove wmemcmp wmemchr wmemset
  wcsftime iswalnum iswalpha iswblank iswcntrl iswdigit iswgraph iswlower iswprint iswpunct iswspace iswupper
  iswxdigit iswctype towlower towupper towctrans wctype wctrans
  feclearexcept fegetexceptflag feraiseexcept fesetexceptflag fetestexcept fegetround fesetround fegetenv
  feholdexcept fesetenv feupdateenv
  random srandom initstate setstate drand48 erand48 lrand48 nrand48 mrand48 jrand48 srand48 index rindex bzero bcopy
  bcmp ffs strdup strndup strsep strsignal stpcpy mkstemp mktemp realpath popen pclose fileno fdopen getline getdelim
  read write open close creat lseek stat lstat fstat sleep usleep select poll dup dup2 pipe fork kill wait waitpid
  alarm pause link unlink symlink readlink sync chdir getcwd access environ optarg optind opterr optopt getopt
  timezone daylight tzname ushort uint ulong
  dim3 surfaceReference textureReference
`);

/** Name shapes reserved as a whole family. */
const PATTERNS: RegExp[] = [
  /^[A-Z0-9_]+$/, // no lower-case letter: the shape of macros (EINVAL, INT32_MAX, BUFSIZ, FILE, EOF, NULL, CUDART_VERSION)
  /^(PRI|SCN)[a-zX]/, // <inttypes.h> format macros (PRId32, SCNu8)
  /_t$/, // POSIX reserves every *_t: size_t, int32_t, uint8_t, ssize_t, cudaStream_t
  /^(htobe|htole|be|le)(16|32|64)(toh)?$/, // <endian.h> macros
  /^pthread_/, // <pthread.h> (pthread_cleanup_push is a macro)
  /^(cuda|cu[A-Z]|CU|nv[A-Z]|NV)/, // CUDA and TensorRT headers (cudaStreamAttrValue is a macro)
  /^make_/, // CUDA vector constructors (make_float4)
  /^(u?char|u?short|u?int|u?long|u?longlong|float|double)[1-4]$/, // CUDA vector types (float4, uchar2)
];

const RESERVED = new Set([...KEYWORDS, ...GENERATED_CODE, ...MACROS, ...C_LIBRARY]);

/** Whether `id` is a keyword, a name the generated code uses, or a (possible) macro or global name. */
export function isReservedName(id: string): boolean {
  return RESERVED.has(id) || PATTERNS.some((p) => p.test(id));
}
