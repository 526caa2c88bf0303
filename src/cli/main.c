/* repdesk's entry point: global options, the command table, and the helpers
 * every command shares. Exit statuses are the man page's (EXIT STATUS). */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "repdesk/count.h"
#include "repdesk/db/book.h"
#include "repdesk/db/calendar.h"
#include "repdesk/i18n.h"
#include "repdesk/record.h"
#include "repdesk/text.h"
#include "repdesk/visible.h"
#include "../ui/ui.h"

#define CMD(name, summary, usage) { #name, cmd_##name, summary, usage },

const cli_command cli_commands[] = {
	CMD(init, N_("create the database, name its rep and group, optionally fill a demo book"),
	    N_("usage: repdesk init [--rep NAME] [--group NAME] [--demo]\n"
	    "\n"
	    "Create the database (and its directories) if missing and record whose book it is.\n"
	    "Running it again renames the rep or group and changes nothing else.\n"
	    "\n"
	    "  --rep NAME     the rep who owns this book (default: the login name)\n"
	    "  --group NAME   the rep's group (default: 一组)\n"
	    "  --demo         fill a demo book: 240 customers in every tier, three months of\n"
	    "                 calls, orders and payments, dated relative to today (--today)\n"))
	CMD(import, N_("import customers and their activity from CSV"),
	    N_("usage: repdesk import customers|orders|payments|calls|notes|visits|contacts FILE\n"
	    "                      [options]\n"
	    "\n"
	    "Read FILE (UTF-8 with or without BOM, or GB18030/GBK; LF, CRLF or CR) and add or\n"
	    "update records. Headers may be English or Chinese (客户名称, 联系人, 电话, 月订货额…);\n"
	    "unknown customer columns become attributes. Customers match by uid, else exact name;\n"
	    "activity names its customer by uid or exact name. Importing a file again changes\n"
	    "nothing. The first bad row stops the import and leaves the database as it was.\n"
	    "UTF-16 with a BOM (Excel's \"Unicode Text\") is read too, tab-separated; an Excel\n"
	    "workbook (.xlsx, .xls) must be saved as CSV first. Control characters other than\n"
	    "line breaks and tabs are refused.\n"
	    "\n"
	    "  --dry-run              check every row and report, write nothing\n"
	    "  --skip-bad REJECTS     import the good rows; write bad ones, with line and\n"
	    "                         reason, to the CSV file REJECTS\n"
	    "  --encoding ENC         auto (default), utf-8 or gb18030\n"
	    "\n"
	    "Exit status: 0 imported, 65 bad data, 66 FILE missing, 74 I/O error, 75 busy.\n"))
	CMD(export, N_("write customers and their activity as CSV; a bundle"),
	    N_("usage: repdesk export customers|orders|payments|calls|notes|visits|contacts\n"
	    "                      [--out FILE] [--excel]\n"
	    "       repdesk export bundle --out FILE\n"
	    "\n"
	    "Write UTF-8 CSV in the canonical columns (uid first; customers' attributes after\n"
	    "the fixed columns), which re-imports losslessly. bundle writes a self-contained\n"
	    "snapshot of the database for the team lead.\n"
	    "\n"
	    "  --out FILE     write to FILE (replaced only when complete); default: stdout\n"
	    "  --excel        for spreadsheets: a BOM, CRLF line ends, and cells that would\n"
	    "                 run as formulas (= + - @) prefixed with an apostrophe; uids\n"
	    "                 and phones as =\"...\" (kept as text), the effective tier, and\n"
	    "                 Chinese headings under Chinese; all of it imports back\n"))
	CMD(customers, N_("list customers (by tier, by search, by any field; grouped)"),
	    N_("usage: repdesk customers [--tier TIERS] [--search TEXT] [--where FILTER]...\n"
	    "                         [--segment NAME] [--group-by FIELDS] [--format table|csv]\n"
	    "                         [--sort tier|rank]\n"
	    "\n"
	    "List customers in tier, then name order.\n"
	    "\n"
	    "  --tier TIERS   only these tiers, e.g. S or S,A (letters S A B C D)\n"
	    "  --search TEXT  name, contact, phone, city, district, type, industry, source\n"
	    "                 or attribute containing TEXT (any length, Chinese included)\n"
	    "  --where FILTER FIELD OP VALUE; repeat it: all must hold. OP is = != < <= > >=\n"
	    "                 or ~ (contains); also FIELD in V1,V2, FIELD empty, FIELD not\n"
	    "                 empty. FIELD: a fixed field (English or Chinese, as in imports),\n"
	    "                 an attribute, or tier, amount_band (10000+ 5000-9999 1000-4999\n"
	    "                 0-999), store_band (30+ 10-29 3-9 0-2), days_since_contact,\n"
	    "                 month_target, month_achieved, open_balance, last_order. Money\n"
	    "                 as in imports (1万): 'type=快消零售' 'stores>=10' 'tier in S,A'\n"
	    "  --segment NAME the filters of a saved segment (repdesk segment), and --where too\n"
	    "  --group-by FIELDS  one or two fields (tier,store_band): per group customers,\n"
	    "                 monthly amount, this month's target and achieved, open balance\n"
	    "                 and effective calls, new customers (first order this month) and\n"
	    "                 their sales; a total row (*) last\n"
	    "  --format FMT   table (default) or csv (the export's columns; grouped: the\n"
	    "                 fields, then customers,monthly_amount,month_target,\n"
	    "                 month_achieved,open_balance,effective_calls,new_customers,\n"
	    "                 new_sales)\n"
	    "  --sort rank    by the ranking rule (config rank) first, then tier and name\n"))
	CMD(segment, N_("save, list, show and delete segments (named filters)"),
	    N_("usage: repdesk segment save NAME --where FILTER [--where FILTER]...\n"
	    "       repdesk segment list\n"
	    "       repdesk segment show NAME\n"
	    "       repdesk segment delete NAME\n"
	    "\n"
	    "A segment is a named set of filters (as customers --where takes them), kept in\n"
	    "the book and carried in bundles, so the lead sees the reps' segments. Use it\n"
	    "with customers --segment NAME and today --segment NAME. Saving a name again\n"
	    "changes its filters.\n"))
	CMD(show, N_("show one customer's fields, attributes, credit and history"),
	    N_("usage: repdesk show CUSTOMER\n"
	    "\n"
	    "CUSTOMER is a uid, an exact name, or an unambiguous start of a name.\n"
	    "Prints the customer's fields and attributes, the credit (a payment beyond every\n"
	    "order) when there is one, then the history: each call, order, payment, visit\n"
	    "and note, newest first, with the uid that repdesk edit and delete take.\n"))
	CMD(set, N_("change a customer's fields or attributes"),
	    N_("usage: repdesk set CUSTOMER FIELD=VALUE...\n"
	    "\n"
	    "FIELD is a fixed field (name contact phone city district type industry stores\n"
	    "rooms monthly_amount monthly_volume tier priority source next_call notes status,\n"
	    "or their Chinese names) or any attribute. An empty VALUE clears the field (tier=\n"
	    "returns to the computed tier) or removes the attribute.\n"
	    "  status:   active, prospect, lost, do-not-call (合作中, 潜在, 流失, 勿扰)\n"
	    "  priority: key, medium, small (重点, 中型, 小型)\n"
	    "  tier:     S, A, B, C, D (a manual tier overrides the computed one)\n"
	    "An attribute with a choice list (config choices) takes only its choices.\n"))
	CMD(contact, N_("add, change, delete or list a customer's contacts"),
	    N_("usage: repdesk contact add CUSTOMER NAME [--role ROLE] [--phone P] [--wechat W]\n"
	    "                           [--note TEXT] [--cares TEXT] [--primary]\n"
	    "       repdesk contact edit CONTACT [--customer CUSTOMER] [--name NAME] [--role ROLE]\n"
	    "                           [--phone P] [--wechat W] [--note TEXT] [--cares TEXT]\n"
	    "                           [--primary]\n"
	    "       repdesk contact delete CONTACT\n"
	    "       repdesk contact list [CUSTOMER] [--format table|csv]\n"
	    "\n"
	    "A customer has any number of contacts: the people you deal with there, each with\n"
	    "a role, phones, a WeChat id, a note and what they care about (--cares). ROLE is\n"
	    "boss, decision-maker, manager, engineer, purchaser, finance or front-desk (老板,\n"
	    "决策人, 经理, 工程师, 采购, 财务, 前台), or any other word, kept as typed.\n"
	    "The primary contact (--primary; one per customer) is the customer's own contact\n"
	    "and phone: set contact=... or phone=..., or an import of those columns, changes\n"
	    "it, and changing it changes them. Deleting it empties them.\n"
	    "CONTACT is a contact's uid (contact list --format csv shows them), CUSTOMER/NAME\n"
	    "(a customer as elsewhere, then the name or its start among its contacts), or a\n"
	    "name found once in the whole book. --customer moves the contact to another\n"
	    "customer. list shows one customer's contacts, or every customer's, the primary\n"
	    "first (*); CSV columns customer,customer_name,name,role,phone,wechat,note,cares,\n"
	    "primary,uid, as export contacts writes and import contacts reads.\n"))
	CMD(config, N_("show or change settings (tiers, calendar, the book's rep, choice lists, ranking)"),
	    N_("usage: repdesk config\n"
	    "       repdesk config rep [--name NAME] [--group NAME]\n"
	    "       repdesk config tiers [--metric amount|volume] [S=…,A=…,B=…,C=…]\n"
	    "       repdesk config calendar FILE|none|default\n"
	    "       repdesk config rank [RULE|--clear]\n"
	    "       repdesk config choices [ATTRIBUTE [CHOICE,CHOICE...|--clear]]\n"
	    "       repdesk config KEY [VALUE]\n"
	    "\n"
	    "Without arguments, list every setting. tiers sets the tier thresholds: by monthly\n"
	    "order amount (default S=20000,A=10000,B=5000,C=1000 yuan; money forms such as 2万\n"
	    "accepted) or by monthly volume (room-nights; default S=100,A=50,B=20,C=1), and\n"
	    "recomputes every customer's tier. calendar picks the working-day calendar file.\n"
	    "rep renames the book's rep or moves them to another group (the next bundle\n"
	    "carries the change to the team lead); without options it shows them.\n"
	    "choices makes an attribute take only the listed values (set, import and the\n"
	    "customer form refuse others; the next bundle carries the list to the team\n"
	    "lead); --clear lets it take any value again.\n"
	    "rank ranks customers by attributes, the first weighing most, each with its\n"
	    "levels best first: '地段=好>一般>差; 配合度=高>中>低'. customers --sort rank,\n"
	    "the workbench's list (r) and the call queue (in place of priority) follow it;\n"
	    "a value not among the levels ranks after them. --clear or '' removes it.\n"))
	CMD(log, N_("log a call, an order, a payment or a visit"),
	    N_("usage: repdesk log call CUSTOMER --outcome OUTCOME [--note TEXT] [--next DATE]\n"
	    "                        [--contact NAME|UID]\n"
	    "       repdesk log order CUSTOMER AMOUNT [--due DATE] [--volume N]\n"
	    "                         [--note TEXT]\n"
	    "       repdesk log payment CUSTOMER AMOUNT [--order UID] [--note TEXT]\n"
	    "       repdesk log visit CUSTOMER [--outcome OUTCOME] [--note TEXT] [--next DATE]\n"
	    "                         [--place PLACE] [--time HH:MM] [--contact NAME|UID]\n"
	    "\n"
	    "  --outcome  %s\n"
	    "             (%s are not effective calls)\n"
	    "  --next     next contact date (YYYY-MM-DD, or +3 for in three days); it becomes\n"
	    "             the customer's follow-up\n"
	    "  --place    where a visit was; --time when (HH:MM)\n"
	    "  --contact  who was spoken to on a call or a visit: one of the customer's\n"
	    "             contacts, by name (or its start) or uid\n"
	    "  --due      the date the customer promised to pay by (+N too; not before the order)\n"
	    "  --volume   the units an order is for (a hotel's room-nights; tiers count them\n"
	    "             under config tiers --metric volume)\n"
	    "  --order    the order a payment is for (default: the oldest open one)\n"
	    "  --date     the day it happened (default: today)\n"
	    "AMOUNT accepts 12000, 12,000, ¥12,000.50, 12000元, 5000块, 1.5万, 2万5, 8千,\n"
	    "3千5, -300 (refund).\n"))
	CMD(note, N_("add a note to a customer's file"),
	    N_("usage: repdesk note CUSTOMER TEXT [--date DATE]\n"))
	CMD(edit, N_("correct a call, an order, a payment, a visit or a note logged earlier"),
	    N_("usage: repdesk edit KIND UID FIELD=VALUE...\n"
	    "\n"
	    "KIND is call, order, payment, visit or note; UID is the row's (show CUSTOMER\n"
	    "lists them). FIELD is one of the kind's columns: customer, date, amount, due,\n"
	    "order, outcome, note, next_call, time, place, volume; each value is checked\n"
	    "as log checks it (dates also as +N days from today). The edit wins over the\n"
	    "older row when the team lead adds the next bundle.\n"))
	CMD(delete, N_("delete a call, an order, a payment, a visit or a note logged by mistake"),
	    N_("usage: repdesk delete KIND UID\n"
	    "\n"
	    "The row is kept as deleted, so the deletion reaches the team lead's book with\n"
	    "the next bundle. Figures and receivables are worked out again, as after log.\n"))
	CMD(calendar, N_("show a month's working days; keep the book's holiday schedule"),
	    N_("usage: repdesk calendar [MONTH]\n"
	    "       repdesk calendar set DAY[..DAY] off|work|clear [--name NAME]\n"
	    "       repdesk calendar import FILE\n"
	    "       repdesk calendar export FILE\n"
	    "\n"
	    "Print the working days of MONTH (YYYY-MM; default: this month) under the calendar\n"
	    "in use, with holidays and make-up workdays named and where each comes from.\n"
	    "\n"
	    "set keeps days off or make-up workdays (work) in the book's own schedule, or clears\n"
	    "them; import keeps a calendar file's days (DATE off|work NAME a line), each year of\n"
	    "the file whole; export writes the book's schedule in that form for the team.\n"
	    "A year with days in the book's schedule goes by them alone; otherwise by the\n"
	    "calendar file (shipped, or config calendar); otherwise its statutory holidays are\n"
	    "estimated. --calendar FILE or none on the command line leaves the book's schedule\n"
	    "out. The schedule travels to the lead in the next bundle.\n"))
	CMD(plan, N_("split a month's target over tiers, customers and days; show progress"),
	    N_("usage: repdesk plan [MONTH] --target AMOUNT [--stretch AMOUNT] [--challenge AMOUNT]\n"
	    "                    [--method baseline|shares] [--shares S=40,A=30,B=15,C=10,D=5]\n"
	    "                    [--pick NxAMOUNT,...] [--view tiers|customers|days]\n"
	    "                    [--format table|csv] [--xlsx FILE]\n"
	    "       repdesk plan [MONTH] --show [--view tiers|customers|days] [--format table|csv]\n"
	    "                    [--xlsx FILE]\n"
	    "       repdesk plan set CUSTOMER AMOUNT|clear [--month MONTH]\n"
	    "       repdesk plan YEAR --target AMOUNT [--method seasonal|working-days|even]\n"
	    "                    [--months 1=AMOUNT,2=AMOUNT,...] [--format table|csv] [--xlsx FILE]\n"
	    "       repdesk plan YEAR [--show] [--format table|csv] [--xlsx FILE]\n"
	    "\n"
	    "Split the month's target (MONTH is YYYY-MM, default this month) over the tiers, then\n"
	    "each tier's customers in proportion to their baseline (the mean of their monthly\n"
	    "orders over the three complete months before, leaving out months before their first\n"
	    "order or before the book began and a month not yet over; else their monthly amount),\n"
	    "then the month's working days, in whole yuan that add up exactly. The plan is saved,\n"
	    "replacing an earlier one for the month, and printed. Without --target the month\n"
	    "takes its target from the year plan, when there is one.\n"
	    "\n"
	    "With YEAR (YYYY), split the year's target over its months in whole yuan that add\n"
	    "up exactly: seasonal follows the orders of each month of the year before (the\n"
	    "default when the book has orders in all twelve), working-days each month's\n"
	    "working days (the default otherwise; estimated holidays where no official\n"
	    "schedule is known), even the same each month; --months fixes some months and the\n"
	    "rest is spread over the others. --show (or plain YEAR, once there is a plan)\n"
	    "prints each month's target and orders, the running totals, and what is left of\n"
	    "the year re-spread over the months not yet over.\n"
	    "\n"
	    "  --target AMOUNT     the month's target (12000, 40万, ¥400,000 ...)\n"
	    "  --stretch AMOUNT    an optional stretch target, shown as an extra column\n"
	    "  --challenge AMOUNT  an optional challenge target, above the stretch one\n"
	    "  --method METHOD     baseline (default): tiers in proportion to their baseline;\n"
	    "                      shares: the percentages of --shares\n"
	    "  --shares SPEC       tier percentages summing to 100 (implies --method shares)\n"
	    "  --pick SLOTS        fix the targets of the customers best able to carry each slot\n"
	    "                      (10x2万,10x1万: ten at ¥20,000, ten at ¥10,000), by tier then\n"
	    "                      baseline; the rest of the target is split over the others\n"
	    "  --show              print the saved plan with what the logged orders achieved\n"
	    "  --view VIEW         tiers (default), customers (with market potential where the\n"
	    "                      room count is known) or days (a calendar of day targets)\n"
	    "  --format FMT        table (default) or csv\n"
	    "  --xlsx FILE         write the tiers and the days, each with a chart, to an Excel\n"
	    "                      workbook instead of printing them\n"
	    "\n"
	    "CSV columns: tiers tier,customers,baseline,target,share; customers\n"
	    "uid,name,tier,baseline,target,achieved; days date,workday,target,achieved,\n"
	    "cumulative_target,cumulative_achieved; then stretch and challenge when set; the\n"
	    "customers' end with baseline_months,fixed; a year\n"
	    "month,workdays,target,achieved,cumulative_target,cumulative_achieved,\n"
	    "respread (empty for a month already over).\n"
	    "\n"
	    "plan set fixes one customer's target in the saved plan (MONTH default this month);\n"
	    "the rest of its tier re-spreads by baseline, so tier and month totals stay exact.\n"
	    "clear releases it.\n"
	    "The setting online_share (default 20%) is the share of capacity sold online.\n"))
	CMD(today, N_("the day's plan and the ranked call queue"),
	    N_("usage: repdesk today [--view plan|queue] [--format table|csv] [--limit N]\n"
	    "                     [--segment NAME] [--where FILTER]...\n"
	    "\n"
	    "The day's plan and who to call next. Plan rows: calls (effective calls today\n"
	    "against the daily target, setting daily_calls, default 50), dialed (every call),\n"
	    "deals (orders today against the range of settings deals_min and deals_max,\n"
	    "default 2-4), collect (payments today against the money due at the start of the\n"
	    "day), sales (orders today against the month plan's target re-spread over the\n"
	    "working days left; 0 without a plan) and visits (every visit today). The queue\n"
	    "ranks every active or prospect customer not yet reached today (by an effective\n"
	    "call or a visit) by a sum of named terms, each one explained: follow-up due,\n"
	    "callback, money due, broken promise, days since contact against the tier's\n"
	    "cadence, due to reorder, gap to the month target, priority, tier, and a penalty\n"
	    "per failed attempt today. Lost and do-not-call customers never appear.\n"
	    "\n"
	    "  --view VIEW   plan or queue (default: both; with --format csv, plan)\n"
	    "  --format FMT  table (default) or csv\n"
	    "  --limit N     queue rows to show (default: the calls still needed today)\n"
	    "  --segment NAME  the queue narrowed to a saved segment (a campaign for the day)\n"
	    "  --where FILTER  the queue narrowed by a filter, as customers --where takes it\n"
	    "\n"
	    "CSV columns: plan metric,done,target; queue rank,uid,name,tier,score,reasons.\n"
	    "Settings: queue_weights (e.g. followup=10,money=8,attempt=5, in points; terms\n"
	    "followup, callback, money, broken, cadence, reorder, target, priority, tier,\n"
	    "attempt) and queue_cadence (days between contacts, default S=3,A=7,B=14,C=30,D=60).\n"))
	CMD(opp, N_("opportunities: add, edit, move through the stages, win, lose, list"),
	    N_("usage: repdesk opp add CUSTOMER TITLE VALUE [--stage S] [--close DATE]\n"
	    "                       [--probability P] [--competitors T] [--next STEP]\n"
	    "                       [--next-date DATE]\n"
	    "       repdesk opp edit OPP [--title T] [--value V] [--close DATE|none]\n"
	    "                       [--probability P|default] [--competitors T] [--next STEP]\n"
	    "                       [--next-date DATE|none] [--customer C]\n"
	    "       repdesk opp move OPP STAGE\n"
	    "       repdesk opp win OPP [--order] [--date DATE] [--amount V]\n"
	    "       repdesk opp lose OPP --reason TEXT\n"
	    "       repdesk opp delete OPP\n"
	    "       repdesk opp list [CUSTOMER] [--stage S] [--open] [--due] [--stuck]\n"
	    "                       [--segment NAME] [--where FILTER]... [--format table|csv]\n"
	    "\n"
	    "An opportunity is a deal not yet an order, moving through the stages lead (10%,\n"
	    "usually 14 days), qualified (20%, 21), proposal (40%, 30), tender (50%, 45),\n"
	    "negotiation (70%, 21), then won or lost; its probability is the stage's unless\n"
	    "given. STAGE is a key, a Chinese word (线索 确认 方案 投标 谈判 赢单 丢单), a name\n"
	    "given with 'config stage', or 1 to 7. OPP is a uid, an exact title or the start\n"
	    "of one. VALUE as log takes amounts (120000, 12万); dates YYYY-MM-DD or +N days.\n"
	    "add prints the new opportunity's uid. win --order logs an order of the value\n"
	    "(or --amount) on --date for the customer and keeps it with the opportunity;\n"
	    "lose keeps the reason. A next step due on an open opportunity puts its customer\n"
	    "in today's queue as a follow-up.\n"
	    "\n"
	    "list shows the opportunities by stage, then expected close: stage, title,\n"
	    "customer, value, probability, weighted value, close, next step and its date, and\n"
	    "the days in the stage ('!' past its usual days).\n"
	    "  --open        only lead to negotiation\n"
	    "  --due         only open ones with a next step due today or before\n"
	    "  --stuck       only open ones longer in their stage than usual\n"
	    "  --segment, --where  only of the customers they let through (customers --where)\n"
	    "  --format FMT  table (default) or csv\n"
	    "\n"
	    "CSV columns: uid,customer_uid,customer,title,stage,value,probability,weighted,\n"
	    "close_date,competitors,next_step,next_date,opened,stage_since,days_in_stage,stuck,\n"
	    "lost_reason,order_uid (stage as its key; stuck 1 or 0).\n"))
	CMD(receivables, N_("open order balances and broken promises"),
	    N_("usage: repdesk receivables [--ageing] [--format table|csv]\n"
	    "\n"
	    "List every order with money still open. Payments pay the order they name, else the\n"
	    "customer's oldest open balance first. A promised date (log order --due, or the\n"
	    "payment term) that has passed with money open is a broken promise. The table ends\n"
	    "with the open money aged: not yet due, overdue 1-30, 31-60, over 60 days, no date.\n"
	    "\n"
	    "  --ageing      that ageing per customer, the most overdue first, and a total row\n"
	    "  --format FMT  table (default) or csv\n"
	    "\n"
	    "CSV columns: uid,name,order_date,amount,paid,open,due,days_overdue; with --ageing\n"
	    "uid,name,not_due,overdue_1_30,overdue_31_60,overdue_over_60,no_due,open.\n"))
	CMD(report, N_("a short day report for the team chat"),
	    N_("usage: repdesk report day [DATE]\n"
	    "       repdesk report levers [--months N] [--format table|csv] [--xlsx FILE]\n"
	    "\n"
	    "day prints a copy-ready summary of DATE (default: today): calls effective and\n"
	    "dialed, deals, sales against plan, the month to date against its target with the\n"
	    "pace, the day's levers (customers ordering and new, customers reached, conversion,\n"
	    "order value), collected, broken promises, money due tomorrow and the first\n"
	    "customers of tomorrow's queue. Chinese labels under a zh_CN locale (LANG,\n"
	    "LC_MESSAGES or LC_ALL), English otherwise.\n"
	    "\n"
	    "levers shows the three levers of growth for the N months to this one (default 6):\n"
	    "the customer base (customers ordering; new: their first order ever; lost: the\n"
	    "third month in a row without an order, this month so far), the conversion rate\n"
	    "(customers ordering / customers with an effective call or a visit; effective\n"
	    "calls per order) and the average order value, each with its change against the\n"
	    "month before; room-nights under the volume metric. Then this month's gap to its\n"
	    "plan, and what one step of each lever brings at last month's size: one more new\n"
	    "customer of each tier, one point of conversion, 10% more order value.\n"
	    "\n"
	    "  --months N    months shown, 1 to 24 (default 6)\n"
	    "  --format FMT  table (default) or csv\n"
	    "  --xlsx FILE   write the months, with a chart, to an Excel workbook\n"
	    "\n"
	    "CSV columns: month,customers,customers_change,new,new_change,lost,lost_change,\n"
	    "contacted,conversion,conversion_change,effective_calls,orders,calls_per_order,\n"
	    "calls_per_order_change,order_value,order_value_change,sales,room_nights\n"
	    "(conversion as a ratio, 1.000 = 100%; a change is empty where the month before\n"
	    "has no value).\n"))
	CMD(server, N_("set up the team server on PostgreSQL and its logins"),
	    N_("usage: repdesk server init|migrate [--server URL]\n"
	    "       repdesk server add-rep NAME --group GROUP [--login ROLE] [--password P]\n"
	    "       repdesk server add-lead NAME --group GROUP[|GROUP...] [--login ROLE]\n"
	    "                               [--password P]\n"
	    "       repdesk server remove-rep NAME\n"
	    "       repdesk server rebind NAME\n"
	    "       repdesk server reassign CUSTOMER --to REP\n"
	    "\n"
	    "init makes a schema 'repdesk' in an existing PostgreSQL database (run by its\n"
	    "owner): a table for every synced kind with the book's columns, the team rollup,\n"
	    "the sync log, kept conflicts, the roles repdesk_rep and repdesk_lead, row-level\n"
	    "security and the merge functions. migrate brings it up to this repdesk; both may\n"
	    "be run again.\n"
	    "\n"
	    "add-rep makes a login role for a rep (add-lead: for a lead of one or more groups);\n"
	    "without --password a password is generated and printed once. The first book to\n"
	    "sync with a login is bound to it; rebind frees it for another book (the owner, or\n"
	    "a lead of its group). remove-rep revokes a login; its rows stay. reassign (a lead)\n"
	    "gives a customer to another rep of the lead's groups.\n"
	    "\n"
	    "A rep's role reads only their own rows (and the team's calendar and their\n"
	    "group's targets), a lead's their groups'; neither may write a table but through\n"
	    "repdesk's merge, which keeps each to their own rows.\n"
	    "\n"
	    "  --server URL   the server (default: the book's 'server' setting), as libpq takes\n"
	    "                 it: postgresql://HOST:PORT/DB?user=LOGIN, service=NAME, PG*\n"
	    "                 variables; passwords from ~/.pgpass, never from the book\n"
	    "\n"
	    "Exit status: 0 done, 64 usage, 65 refused by the server, 74 the server cannot\n"
	    "be reached, 77 not authorised.\n"))
	CMD(sync, N_("send this book's changes to the team server and take the team's"),
	    N_("usage: repdesk sync [--server URL]\n"
	    "\n"
	    "Push the rows changed since the last sync as one batch, then pull what changed on\n"
	    "the server for this rep: the team's targets and calendar, customers the lead\n"
	    "handed over. A batch is sent again, unchanged, after a connection dropped at\n"
	    "the wrong moment: the server recognises it. Offline, nothing is lost: the next\n"
	    "sync sends everything still pending.\n"
	    "\n"
	    "  --server URL   the server (default: the book's 'server' setting)\n"
	    "\n"
	    "Exit status: 0 synced, 65 refused by the server (the row and the reason are\n"
	    "given), 74 the server cannot be reached, 75 another sync of this book was under\n"
	    "way (run it again), 77 not authorised.\n"))
	CMD(team, N_("the team lead's view: add reps' bundles, rank groups and reps"),
	    N_("usage: repdesk team add BUNDLE...\n"
	    "       repdesk team report [MONTH] [--format table|csv] [--by rep] [--xlsx FILE]\n"
	    "                           [--server URL|none]\n"
	    "       repdesk team report day [DATE] [--server URL|none]\n"
	    "       repdesk team conflicts [--format table|csv] [--take N] [--server URL|none]\n"
	    "       repdesk team trust [REP --reset]\n"
	    "\n"
	    "add merges each rep's bundle (made with 'repdesk export bundle --out FILE') into\n"
	    "this database, one transaction per bundle: rows match by uid and the newer version\n"
	    "wins; deletions travel; adding a bundle again, or bundles in another order, gives\n"
	    "the same book. When two devices changed the same row since they last agreed,\n"
	    "the losing version is kept and listed by 'team conflicts'. A damaged, foreign or\n"
	    "truncated file, or one from a newer repdesk, is refused and nothing of it merged.\n"
	    "It prints what each table gained: rows added, updated and conflicts kept. A file\n"
	    "with the same bytes as a bundle added before, under any name, is recognised\n"
	    "without being read again: 'nothing new'.\n"
	    "\n"
	    "Bundles are signed with the rep's own key. The first bundle of a rep pins that\n"
	    "rep's key here and prints its fingerprint (SHA256:...); a bundle of that rep\n"
	    "signed by another key is refused, as are an unsigned bundle (made by an older\n"
	    "repdesk: export it again) and one whose content does not match its signature.\n"
	    "trust lists this book's own key and the reps' pinned keys; trust REP --reset\n"
	    "forgets REP's key (after the rep reinstalled repdesk): their next bundle pins\n"
	    "its key again.\n"
	    "\n"
	    "report ranks the groups by progress against their target (the sum of their reps'\n"
	    "month plans), with a total row per group (rep *) and its reps ranked inside it.\n"
	    "pace is achieved / (target x working days elapsed / working days in the month),\n"
	    "elapsed counting up to and including today (or the month's last day): 1.00 is\n"
	    "exactly on pace. report day prints one line per rep for the team chat. The\n"
	    "book's own rep is left out until they log work or plan the month; a rep whose\n"
	    "latest bundle was added before the report's day is marked stale with its date.\n"
	    "\n"
	    "conflicts lists each kept version field by field, which side won and why;\n"
	    "--take N writes conflict N's losing version back as the current one.\n"
	    "\n"
	    "With a team server (--server, or the 'server' setting), report and conflicts\n"
	    "read the server's rollup under this login instead of the book: the same columns\n"
	    "and figures, current to each rep's last sync, whose date and time fill the\n"
	    "bundle_date column. --server none reads the book.\n"
	    "\n"
	    "  --format FMT  table (default) or csv\n"
	    "  --by rep      rank every rep together, without group totals\n"
	    "  --xlsx FILE   write the report to an Excel workbook, with a chart of progress\n"
	    "                and pace\n"
	    "  --take N      take conflict N's losing version\n"
	    "\n"
	    "CSV columns: rank,group,rep,target,achieved,progress,pace,calls,effective_calls,\n"
	    "deals,collected,visits,bundle_date,ytd_target,ytd_achieved (progress and pace as\n"
	    "ratios, 1.00 = 100%; ytd: the year's months up to MONTH, each the year plan's\n"
	    "figure, else the month plan's target, against their orders; the table's ytd\n"
	    "column is achieved / target);\n"
	    "conflicts table,uid,rep,lost_at,kept_at,source,lost,id,resolved,taken.\n"))
	{ NULL, NULL, NULL, NULL }
};

static const char *const global_help = N_(
	"usage: repdesk [GLOBAL OPTIONS] [COMMAND [ARGS]]\n"
	"\n"
	"repdesk is a sales rep's daily workbench over a local database: customers in\n"
	"S/A/B/C/D tiers, calls, orders, payments and notes. Without a command it opens\n"
	"the workbench (a terminal is needed).\n"
	"\n"
	"Global options (anywhere on the line):\n"
	"  --db PATH          the database (default: $REPDESK_DB, else\n"
	"                     $XDG_DATA_HOME/repdesk/repdesk.db, else\n"
	"                     ~/.local/share/repdesk/repdesk.db); created when missing\n"
	"  --today DATE       act as if today were DATE (YYYY-MM-DD; also $REPDESK_TODAY)\n"
	"  --calendar FILE    working-day calendar file, or 'none' for plain Monday-Friday\n"
	"  -h, --help         this help; 'repdesk COMMAND --help' for a command\n"
	"  -V, --version      print the version\n"
	"\n"
	"Commands:\n");

static void print_help(FILE *out)
{
	fputs(_(global_help), out);
	for (const cli_command *c = cli_commands; c->name; c++)
		fprintf(out, "  %-12s %s\n", c->name, _(c->summary));
	fputs(_("\nExit status: 0 ok, 64 usage, 65 bad data, 66 missing input file, 74 I/O error,\n"
	      "75 database busy. See repdesk(1).\n"), out);
}

static void vmessage(const char *prefix, const char *fmt, va_list ap)
{
	char raw[4096], clean[4096];
	vsnprintf(raw, sizeof raw, fmt, ap);
	/* Messages quote user data (names, file names, a line of a file):
	 * whatever would act on the terminal is shown as text. */
	visible_text(raw, 0, clean, sizeof clean);
	fprintf(stderr, "repdesk: %s%s\n", prefix, clean);
}

/* A visible copy of S in one of a ring of buffers that grow as needed. */
static const char *ring_vis(const char *s, int flags)
{
	static char *ring[16];
	static size_t cap[16];
	static unsigned next;
	unsigned i = next++ % 16;
	size_t need = visible_text(s, flags, NULL, 0) + 1;

	if (need > cap[i]) {
		char *bigger = realloc(ring[i], need);
		if (!bigger)
			return "?";
		ring[i] = bigger;
		cap[i] = need;
	}
	visible_text(s, flags, ring[i], cap[i]);
	return ring[i];
}

const char *cli_vis(const char *s)
{
	return ring_vis(s, 0);
}

void cli_puts(const char *s)
{
	fputs(ring_vis(s, VIS_KEEP_NL), stdout);
}

int cli_printf(const char *fmt, ...)
{
	char buf[4096], *text = buf;
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n < 0)
		return n;
	if ((size_t)n >= sizeof buf) {
		if (!(text = malloc((size_t)n + 1)))
			return -1;
		va_start(ap, fmt);
		vsnprintf(text, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	cli_puts(text);
	if (text != buf)
		free(text);
	return n;
}

int cli_fail(status_code st, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage("", fmt, ap);
	va_end(ap);
	return status_exit_code(st);
}

void cli_warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage(_("warning: "), fmt, ap);
	va_end(ap);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage("", fmt, ap);
	va_end(ap);
	if (cmd)
		fprintf(stderr, _("repdesk: see 'repdesk %s --help'\n"), cmd);
	else
		fprintf(stderr, "%s", _("repdesk: see 'repdesk --help'\n"));
	return status_exit_code(STATUS_USAGE);
}

const cli_command *cli_find(const char *name)
{
	for (const cli_command *c = cli_commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

/* A command's usage text (translated), a "%s" in it written as the outcome
 * names from the registry: first all of them, then those that are not
 * effective calls. */
static void put_usage(const cli_command *cmd)
{
	const char *text = _(cmd->usage), *p;
	char names[160];

	for (int k = 0; (p = strstr(text, "%s")); k++, text = p + 2) {
		fwrite(text, 1, (size_t)(p - text), stdout);
		fputs(record_outcome_list(names, sizeof names, _(", "), k ? _(" and ") : _(", "), k > 0),
		      stdout);
	}
	fputs(text, stdout);
}

bool cli_wants_help(const cli_command *cmd, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			put_usage(cmd);
			if (cmd->fn == cmd_config)
				cli_config_help(stdout);
			return true;
		}
	}
	return false;
}

/* Whether A is exactly one of OPTS ("--dry-run"): then it is that option,
 * not the value of the one before it (--skip-bad --dry-run). */
static bool names_option(const cli_opt *opts, const char *a)
{
	if (strncmp(a, "--", 2) != 0)
		return false;
	for (const cli_opt *o = opts; o && o->name; o++)
		if (strcmp(o->name, a + 2) == 0)
			return true;
	return false;
}

int cli_parse(const char *cmd, int argc, char **argv, const cli_opt *opts,
              char **pos, int maxpos, int *npos)
{
	bool only_pos = false;
	*npos = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!only_pos && strcmp(a, "--") == 0) {
			only_pos = true;
			continue;
		}
		if (only_pos || strncmp(a, "--", 2) != 0) {
			if (*npos >= maxpos)
				return cli_usage_error(cmd, _("unexpected argument '%s'"), a);
			pos[(*npos)++] = argv[i];
			continue;
		}
		const char *name = a + 2;
		const char *eq = strchr(name, '=');
		size_t len = eq ? (size_t)(eq - name) : strlen(name);
		const cli_opt *o = opts;
		for (; o && o->name; o++)
			if (strlen(o->name) == len && strncmp(o->name, name, len) == 0)
				break;
		if (!o || !o->name)
			return cli_usage_error(cmd, _("unknown option '%s'"), a);
		if (o->flag) {
			if (eq)
				return cli_usage_error(cmd, _("option '--%s' takes no value"), o->name);
			*o->flag = true;
		} else if (eq) {
			*o->value = eq + 1;
		} else if (i + 1 < argc && !names_option(opts, argv[i + 1])) {
			*o->value = argv[++i];
		} else {
			return cli_usage_error(cmd, _("option '--%s' needs a value"), o->name);
		}
	}
	return 0;
}

char *cli_count(long n, char *buf, size_t bufsz)
{
	return count_format(n, 0, buf, bufsz);
}

void cli_table_row(FILE *out, const char *const *cells, const int *widths,
                   const bool *right, int n)
{
	char line[4096], cell[1024];
	size_t len = 0;
	for (int i = 0; i < n; i++) {
		/* Visible first, so a cell is cut by what it shows. */
		text_fit(cli_vis(cells[i]), widths[i], right && right[i], cell, sizeof cell);
		int w = snprintf(line + len, sizeof line - len, "%s%s", i ? "  " : "", cell);
		if (w < 0 || (size_t)w >= sizeof line - len)
			break;
		len += (size_t)w;
	}
	/* No trailing spaces at the end of a line. */
	while (len > 0 && line[len - 1] == ' ')
		len--;
	line[len] = '\0';
	fprintf(out, "%s\n", line);
}

/* ---- database, today, calendar ---- */

/* PATH with its directory resolved ("a/./b/../c" and symlinked
 * directories included), for a file that may not exist yet. */
static bool canonical(const char *path, char *out, size_t outsz)
{
	char dir[PATH_MAX], real[PATH_MAX];
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;

	if (!slash)
		snprintf(dir, sizeof dir, ".");
	else if (slash == path)
		snprintf(dir, sizeof dir, "/");
	else
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
	if (!*base || !realpath(dir, real))
		return false;
	return snprintf(out, outsz, "%s/%s", strcmp(real, "/") == 0 ? "" : real, base) < (int)outsz;
}

bool cli_same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	char ca[PATH_MAX + 256], cb[PATH_MAX + 256];

	if (!a || !b)
		return false;
	if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	return canonical(a, ca, sizeof ca) && canonical(b, cb, sizeof cb) && strcmp(ca, cb) == 0;
}

int cli_guard_book(cli_ctx *ctx, const char *cmd, const char *opt, const char *out)
{
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };
	char name[PATH_MAX + 16];

	if (!out || !ctx->db_path)
		return 0;
	for (size_t i = 0; i < sizeof suffix / sizeof *suffix; i++) {
		snprintf(name, sizeof name, "%s%s", ctx->db_path, suffix[i]);
		if (cli_same_file(out, name))
			return cli_usage_error(cmd, i == 0
			    ? _("%s %s: that is the book itself (%s); writing there would replace it: "
			        "choose another file")
			    : _("%s %s: that is a working file of the book (%s); writing there would "
			        "damage it: choose another file"), opt, out, name);
	}
	return 0;
}

static char *default_db_path(void)
{
	static char path[PATH_MAX];
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	if (xdg && xdg[0] == '/')
		snprintf(path, sizeof path, "%s/repdesk/repdesk.db", xdg);
	else if (home && *home)
		snprintf(path, sizeof path, "%s/.local/share/repdesk/repdesk.db", home);
	else
		return NULL;
	return path;
}

int cli_open_db(cli_ctx *ctx)
{
	char err[1024];
	if (ctx->d)
		return 0;
	if (!ctx->db_path)
		return cli_fail(STATUS_USAGE, _("no database: set --db PATH or REPDESK_DB (HOME is unset)"));
	db_status st = db_open(ctx->db_path, DB_OPEN_CREATE | ctx->open_flags, &ctx->d, err, sizeof err);
	if (st != DB_OK) {
		status_code rs = st == DB_BUSY ? STATUS_BUSY
		             : st == DB_IOERR || st == DB_FULL || st == DB_NOMEM || st == DB_READONLY ? STATUS_IOERR
		             : st == DB_NO_INPUT ? STATUS_NOINPUT : STATUS_DATAERR;
		return cli_fail(rs, "%s", err);
	}
	/* Tiers from the orders are for today's month (DESIGN §5). */
	int y, m, dd;
	date_to_ymd(ctx->today, &y, &m, &dd);
	if ((st = db_tiers_month(ctx->d, y, m)) != DB_OK)
		return cli_fail(st == DB_IOERR || st == DB_FULL || st == DB_NOMEM ? STATUS_IOERR
		                : STATUS_DATAERR, "%s", db_error(ctx->d));
	return 0;
}

const char *cli_assets_dir(void)
{
	static char dir[PATH_MAX];
	const char *env = getenv("REPDESK_ASSETS");
	struct stat sb;

	if (dir[0])
		return dir;
	if (env && *env) {
		snprintf(dir, sizeof dir, "%s", env);
		return dir;
	}
	/* Run from a source tree: build/repdesk finds ../assets beside it. */
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		for (int up = 0; up < 3; up++) {
			char *slash = strrchr(exe, '/');
			if (!slash)
				break;
			*slash = '\0';
			/* A source tree (build/repdesk beside assets/) or an
			 * installation moved to another prefix (bin/ beside share/). */
			static const char *const layouts[] = { "assets", "share/repdesk" };
			for (size_t l = 0; l < sizeof layouts / sizeof *layouts; l++) {
				char probe[PATH_MAX + 32];
				snprintf(probe, sizeof probe, "%s/%s/calendar", exe, layouts[l]);
				if (stat(probe, &sb) == 0 && S_ISDIR(sb.st_mode) &&
				    snprintf(dir, sizeof dir, "%s/%s", exe, layouts[l]) < (int)sizeof dir)
					return dir;
			}
		}
	}
	snprintf(dir, sizeof dir, "%s", REPDESK_DATADIR);
	return dir;
}

bool cli_read_file(const char *path, char **text, size_t *len, char *err, size_t errsz)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errsz, "%.900s: %s", path, strerror(errno));
		return false;
	}
	size_t cap = 8192, n = 0;
	char *buf = malloc(cap);
	while (buf) {
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (n < cap)
			break;
		char *bigger = cap < (64u << 20) ? realloc(buf, cap * 2) : NULL;
		if (!bigger) {
			free(buf);
			buf = NULL;
			break;
		}
		buf = bigger;
		cap *= 2;
	}
	bool bad = ferror(f) || !buf;
	fclose(f);
	if (bad) {
		free(buf);
		snprintf(err, errsz, _("%.900s: cannot read the file"), path);
		return false;
	}
	*text = buf;
	*len = n;
	return true;
}

/* The book's schedule as calendar entries. */
typedef struct {
	calendar_entry *v;
	size_t n, cap;
	bool oom;
} book_days;

static bool take_book_day(const db_calendar_day *day, const char *rep, void *ctx)
{
	book_days *b = ctx;
	(void)rep;
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 64;
		calendar_entry *v = realloc(b->v, cap * sizeof *v);
		if (!v) {
			b->oom = true;
			return false;
		}
		b->v = v;
		b->cap = cap;
	}
	char *name = strdup(day->name);
	if (!name) {
		b->oom = true;
		return false;
	}
	b->v[b->n++] = (calendar_entry){ .day = day->day, .work = day->work, .book = true, .name = name };
	return true;
}

int cli_load_calendar(cli_ctx *ctx)
{
	char setting[1024], path[PATH_MAX + 64], err[1024];
	const char *which = ctx->calendar_arg;

	if (ctx->cal_loaded)
		return 0;
	calendar_init(&ctx->cal);
	if (!which && ctx->d && db_setting_get(ctx->d, "calendar", setting, sizeof setting) == DB_OK)
		which = setting;
	if (which && strcmp(which, "default") == 0)
		which = NULL;
	if (which && strcmp(which, "none") == 0) {
		snprintf(ctx->cal_name, sizeof ctx->cal_name, "none");
		ctx->cal_loaded = true;
		return 0;
	}
	if (which)
		snprintf(path, sizeof path, "%s", which);
	else
		snprintf(path, sizeof path, "%s/calendar/cn-2026.txt", cli_assets_dir());
	char *text;
	size_t len;
	if (!cli_read_file(path, &text, &len, err, sizeof err))
		return cli_fail(errno == ENOENT ? STATUS_NOINPUT : STATUS_IOERR, _("calendar %s"), err);
	bool ok = calendar_parse(&ctx->cal, text, len, path, err, sizeof err);
	free(text);
	if (!ok)
		return cli_fail(STATUS_DATAERR, "%s", err);
	/* The book's own schedule goes over the file's years (unless the
	 * command line names the calendar). */
	if (!ctx->calendar_arg && ctx->d) {
		book_days b = { 0 };
		db_status st = db_calendar_each(ctx->d, take_book_day, &b);
		ok = st == DB_OK && !b.oom && calendar_overlay(&ctx->cal, b.v, b.n);
		for (size_t i = 0; i < b.n; i++)
			free(b.v[i].name);
		free(b.v);
		if (!ok) {
			calendar_free(&ctx->cal);
			return st != DB_OK ? cli_fail(status_from_db(st), "%s", db_error(ctx->d))
			                   : cli_fail(STATUS_IOERR, "%s", _("out of memory"));
		}
	}
	/* Years the file does not cover get their statutory holidays estimated. */
	int ty, tm, td;
	date_to_ymd(ctx->today, &ty, &tm, &td);
	if (!calendar_estimate(&ctx->cal, ty - CALENDAR_ESTIMATE_YEARS, ty + CALENDAR_ESTIMATE_YEARS)) {
		calendar_free(&ctx->cal);
		return cli_fail(STATUS_IOERR, "%s", _("out of memory"));
	}
	snprintf(ctx->cal_name, sizeof ctx->cal_name, "%.*s", (int)sizeof ctx->cal_name - 1, path);
	ctx->cal_loaded = true;
	return 0;
}

static bool system_today(date_day *day)
{
	time_t now = time(NULL);
	struct tm tm;
	if (!localtime_r(&now, &tm))
		return false;
	*day = date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	return true;
}

/* Take a global option out of argv wherever it stands (before "--"). */
static int take_globals(cli_ctx *ctx, int *argcp, char **argv, bool *help, bool *version)
{
	int argc = *argcp;
	int out = 1;
	bool cmd_seen = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **slot = NULL;
		const char *value = NULL;
		if (strcmp(a, "--") == 0) {
			while (i < argc)
				argv[out++] = argv[i++];
			break;
		}
		if (strncmp(a, "--db", 4) == 0 && (a[4] == '\0' || a[4] == '='))
			slot = &ctx->db_path;
		else if (strncmp(a, "--today", 7) == 0 && (a[7] == '\0' || a[7] == '='))
			slot = &ctx->today_text;
		else if (strncmp(a, "--calendar", 10) == 0 && (a[10] == '\0' || a[10] == '='))
			slot = &ctx->calendar_arg;
		if (slot) {
			const char *eq = strchr(a, '=');
			if (eq) {
				value = eq + 1;
			} else if (i + 1 < argc) {
				value = argv[++i];
			} else {
				return cli_usage_error(NULL, _("option '%s' needs a value"), a);
			}
			*slot = value;
			continue;
		}
		if (!cmd_seen && (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)) {
			*help = true;
			continue;
		}
		if (!cmd_seen && (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0)) {
			*version = true;
			continue;
		}
		if (a[0] != '-')
			cmd_seen = true;
		argv[out++] = argv[i];
	}
	argv[out] = NULL;
	*argcp = out;
	return 0;
}

/* $XDG_CONFIG_HOME/repdesk/config, else ~/.config/repdesk/config. */
static const char *config_path(char *buf, size_t bufsz)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	if (xdg && *xdg)
		snprintf(buf, bufsz, "%s/repdesk/config", xdg);
	else if (home && *home)
		snprintf(buf, bufsz, "%s/.config/repdesk/config", home);
	else
		return NULL;
	return buf;
}

/* The full-screen workbench; REPDESK_SCRIPT plays a script of keys instead
 * of reading the terminal (screen dumps). */
static int run_workbench(cli_ctx *ctx)
{
	const char *script = getenv("REPDESK_SCRIPT");
	char err[1024], cfg[4096];
	int rc;

	if (script && !*script)
		script = NULL;
	if (!script && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)))
		return cli_usage_error(NULL, _("the workbench needs a terminal; for commands that "
		                       "work without one, see 'repdesk --help'"));
	if ((rc = cli_open_db(ctx)) || (rc = cli_load_calendar(ctx)))
		return rc;
	status_code st = ui_run(ctx->d, &ctx->cal, ctx->today, script, config_path(cfg, sizeof cfg),
	                      err, sizeof err);
	if (st != STATUS_OK)
		return cli_fail(st, "%s", err);
	return 0;
}

int main(int argc, char **argv)
{
	cli_ctx ctx = { 0 };
	bool help = false, version = false;
	int rc;

	char cfg[4096];
	cli_i18n_init(config_path(cfg, sizeof cfg));
	rc = take_globals(&ctx, &argc, argv, &help, &version);
	if (rc != 0)
		return rc;

	if (version) {
		printf(_("repdesk %s\n"), REPDESK_VERSION);
		return 0;
	}
	if (help || (argc > 1 && strcmp(argv[1], "help") == 0 && argc == 2)) {
		print_help(stdout);
		return 0;
	}
	if (argc > 2 && strcmp(argv[1], "help") == 0) {
		const cli_command *c = cli_find(argv[2]);
		if (!c)
			return cli_usage_error(NULL, _("no command '%s'"), argv[2]);
		put_usage(c);
		if (c->fn == cmd_config)
			cli_config_help(stdout);
		return 0;
	}

	if (!ctx.db_path) {
		const char *env = getenv("REPDESK_DB");
		ctx.db_path = env && *env ? env : default_db_path();
	}
	if (!ctx.today_text) {
		const char *env = getenv("REPDESK_TODAY");
		if (env && *env)
			ctx.today_text = env;
	}
	if (ctx.today_text) {
		if (!date_parse(ctx.today_text, &ctx.today))
			return cli_usage_error(NULL, _("--today: '%s' is not a date (YYYY-MM-DD)"), ctx.today_text);
	} else if (!system_today(&ctx.today)) {
		return cli_fail(STATUS_IOERR, _("cannot read the system date"));
	}

	if (argc < 2) {
		rc = run_workbench(&ctx);
	} else {
		const cli_command *c = cli_find(argv[1]);
		if (!c)
			return cli_usage_error(NULL, _("no command '%s'"), argv[1]);
		if (cli_wants_help(c, argc - 1, argv + 1))
			return 0;
		cli_config_warnings();
		rc = c->fn(&ctx, argc - 1, argv + 1);
	}
	if (ctx.d)
		db_close(ctx.d);
	if (ctx.cal_loaded)
		calendar_free(&ctx.cal);
	if (rc == 0 && (fflush(stdout) != 0 || ferror(stdout)))
		return cli_fail(STATUS_IOERR, _("cannot write the output: %s"), strerror(errno));
	return rc;
}

const char *cli_pct(int64_t part, int64_t whole, char *buf, size_t sz)
{
	if (whole <= 0) {
		snprintf(buf, sz, "-");
		return buf;
	}
	int64_t tenths = (part * 1000 + whole / 2) / whole;
	snprintf(buf, sz, "%" PRId64 ".%" PRId64 "%%", tenths / 10, tenths % 10);
	return buf;
}
