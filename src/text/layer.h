/* The layers, lowest first. A file is compiled with its layer's number
 * (QARIN_LAYER, set by the build for each library); every header states its
 * own, so that including a header of a higher layer fails the build. Files
 * outside the libraries (the program, tests, benchmarks) sit above them all. */
#ifndef QARIN_LAYER_H
#define QARIN_LAYER_H

#define QARIN_LAYER_TEXT 1
#define QARIN_LAYER_MODEL 2
#define QARIN_LAYER_INGEST 3
#define QARIN_LAYER_LAYOUT 4
#define QARIN_LAYER_SEARCH 5
#define QARIN_LAYER_LEXICON 6
#define QARIN_LAYER_ALIGN 7
#define QARIN_LAYER_CLI 8
#define QARIN_LAYER_READER 9
#define QARIN_LAYER_TTY 10

#ifndef QARIN_LAYER
#define QARIN_LAYER 100
#endif

#define QARIN_LAYER_CHECK(layer, header) \
	_Static_assert(QARIN_LAYER >= (layer), \
		       header " belongs to a higher layer than the file including it")

#endif
