# Keeping the book: init, customers, search, show, set, config tiers, log, note.
. tests/cli/lib.sh

rd init --rep 张三 --group 一组; expect_rc 0 "init"; expect_out "the book of 张三 (一组)" "init names rep and group"
rd init --group 二组; expect_out "the book of 张三 (二组)" "init again renames the group, keeps the rep"
printf 'name,contact,phone,monthly_amount,monthly_volume\n广州天河宾馆,王伟,13800138000,25000,120\n广州天河大酒店,李娜,13900139000,8000,40\n白云商贸有限公司,张强,020-88886666,3000,5\n海珠小卖部,陈静,,500,0\n' >"$T/c.csv"
rd import customers "$T/c.csv"; expect_rc 0 "import"

rd customers; expect_rc 0 "customers"
expect_out "4 customers" "count line"
first=$(sed -n 2p "$T/out"); case $first in "S  广州天河宾馆"*) _ok ;; *) _bad "S tier first: $first" ;; esac
rd customers --tier S,A; expect_out "1 customer" "--tier S,A"
rd customers --tier X; expect_rc 64 "bad tier"
rd customers --search 天; expect_out "2 customers" "1-character Chinese search"
rd customers --search 天河; expect_out "2 customers" "2-character Chinese search"
rd customers --search 天河大酒店; expect_out "1 customer" "longer Chinese search"
rd customers --search 8888; expect_out "白云商贸有限公司" "phone substring"
rd customers --search 王伟; expect_out "广州天河宾馆" "contact search"

rd show 广州天河; expect_rc 64 "ambiguous prefix"; expect_err "广州天河宾馆" "candidates listed"; expect_err "广州天河大酒店" "both candidates"
rd show 白云; expect_rc 0 "unique prefix"; expect_out "白云商贸有限公司" "prefix resolves"
rd show 不存在; expect_rc 64 "no match"

rd set 白云商贸有限公司 phone=13700137000 性格=细致 status=prospect priority=重点; expect_rc 0 "set"
rd show 白云商贸有限公司; expect_out "phone           13700137000" "phone set"; expect_out "细致" "attribute set"
expect_out "status          prospect" "status set"; expect_out "priority        key" "重点 = key"
expect_out "contact         张强" "other fields untouched"
rd set 白云商贸有限公司 monthly_amount=12x; expect_rc 65 "bad money in set"; expect_err "'12x' is not an amount" "names the text"
rd set 白云商贸有限公司 status=asleep; expect_rc 65 "bad status"
rd set 白云商贸有限公司 tier=S; rd show 白云商贸有限公司; expect_out "S (manual)" "manual tier"
rd set 白云商贸有限公司 tier=; rd show 白云商贸有限公司; expect_out "C (computed)" "tier= clears the manual tier"
rd set 白云商贸有限公司 性格=; rd show 白云商贸有限公司; expect_no_out "细致" "empty attribute removed"
rd set 白云商贸有限公司 uid=x; expect_rc 64 "uid cannot change"

# Tier thresholds.
rd config tiers; expect_out "tiers amount S=20000,A=10000,B=5000,C=1000" "default thresholds"
rd config tiers --metric volume; expect_out "tiers volume S=100,A=50,B=20,C=1" "volume preset"
rd show 广州天河宾馆; expect_out "S (computed)" "120 room-nights is S"
rd show 广州天河大酒店; expect_out "B (computed)" "40 room-nights is B (20-49)"
rd show 海珠小卖部; expect_out "D (computed)" "0 room-nights is D"
rd config tiers --metric amount S=3万,A=1.5万,B=6000,C=1500; expect_out "S=30000,A=15000,B=6000,C=1500" "custom thresholds"
rd show 广州天河宾馆; expect_out "A (computed)" "¥25,000 is A under S=3万"
rd config tiers S=1,A=2,B=3,C=4; expect_rc 64 "thresholds must decrease"

# Logging.
rd log call 广州天河宾馆 --outcome effective --note 要报价 --next 2026-12-01; expect_rc 0 "log call"
expect_out "effective call logged on 2026-11-27, next contact 2026-12-01" "call confirmation"
rd show 广州天河宾馆; expect_out "next_call       2026-12-01" "--next sets the follow-up"
rd log call 广州天河宾馆 --outcome 未接; expect_rc 0 "Chinese outcome"
rd log call 广州天河宾馆 --outcome maybe; expect_rc 64 "bad outcome"
rd log order 广州天河宾馆 1.5万 --due 2026-12-15; expect_rc 0 "log order"; expect_out "order of ¥15,000 logged on 2026-11-27, to be paid by 2026-12-15" "order confirmation"
rd log order 广州天河宾馆 -300; expect_rc 0 "refund"
rd log payment 广州天河宾馆 "¥5,000.50"; expect_rc 0 "log payment"; expect_out "¥5,000.50" "payment amount"
rd log order 广州天河宾馆 12x; expect_rc 65 "bad amount"
rd log order 广州天河宾馆 100 --due 2026-02-30; expect_rc 64 "bad due date"
rd note 广州天河宾馆 "老板周一在店"; expect_rc 0 "note"
rd export orders; expect_out "15000.00" "order stored in fen"; expect_out "-300.00" "refund stored"
rd export calls; expect_out "no-answer" "calls exported"
rd export notes; expect_out "老板周一在店" "note exported"
finish
