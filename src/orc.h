/* SPDX-License-Identifier: GPL-2.0-or-later */
/* x86-64 ORC unwind tables: .orc_unwind_ip sorted, .orc_unwind in step. */
#ifndef EXS_ORC_H
#define EXS_ORC_H

#include "sortplan.h"

/* Plan the ORC sort, if the image has ORC tables; 0 if it has none. */
int orc_plan(struct elfimg *img, const struct sort_opts *o,
	     struct sort_plan *plan);

#endif
