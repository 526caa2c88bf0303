/* The table of the workbench's screens, in tab order: a new screen is its
 * file (scr_*.c, giving a wb_screen_ops) and one line here, the way tig
 * lists its views' operations. */
#include <stdlib.h>

#include "wb_int.h"

static const wb_screen_ops *const screens[WB_SCREEN_COUNT] = {
	[WB_TODAY] = &scr_today_ops,
	[WB_CUSTOMERS] = &scr_customers_ops,
	[WB_PLAN] = &scr_plan_ops,
	[WB_TEAM] = &scr_team_ops,
	[WB_PIPELINE] = &scr_pipeline_ops,
};

const wb_screen_ops *wb_ops_of(wb_screen s)
{
	return screens[s >= 0 && s < WB_SCREEN_COUNT ? s : WB_TODAY];
}

const wb_screen_ops *wb_ops(const wb *w)
{
	return wb_ops_of(w->screen);
}

const wb_screen_info *wb_screen_info_of(wb_screen s)
{
	return &wb_ops_of(s)->info;
}

const wb_screen_info *wb_screen_now(const wb *w)
{
	return &wb_ops(w)->info;
}

const char *wb_side_title(const wb *w)
{
	return wb_ops(w)->side_title(w);
}

bool wb_screens_init(wb *w)
{
	for (int s = 0; s < WB_SCREEN_COUNT; s++)
		if (screens[s]->state_size && !(w->scr[s] = calloc(1, screens[s]->state_size)))
			return false;
	return true;
}

void wb_screens_fini(wb *w)
{
	for (int s = 0; s < WB_SCREEN_COUNT; s++) {
		if (w->scr[s] && screens[s]->fini)
			screens[s]->fini(w);
		free(w->scr[s]);
		w->scr[s] = NULL;
	}
}

void wb_screens_reload(wb *w)
{
	for (int s = 0; s < WB_SCREEN_COUNT; s++)
		if (screens[s]->reload)
			screens[s]->reload(w);
}
