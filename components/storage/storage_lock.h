/*
 * The storage lock (main.c): one medium, one command state machine, one
 * cache, for every thread of the component. Held around each request and
 * each test hook; the medium is idle (the flash in read-array mode)
 * whenever it is free (every medium.h call returns so).
 */
#ifndef STORAGE_LOCK_H
#define STORAGE_LOCK_H

void storage_lock(unsigned thread);
void storage_unlock(void);

#endif
