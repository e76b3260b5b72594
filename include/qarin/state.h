/* Placeholder: replaced by the state module. */
#ifndef QARIN_STATE_H
#define QARIN_STATE_H
#endif
