/* Placeholder: replaced by the settings module. */
#ifndef QARIN_SETTINGS_H
#define QARIN_SETTINGS_H
#endif
