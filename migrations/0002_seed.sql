-- Onno schema, version 2: the starter content that ships with the app.
-- Append-only: never edit this file once it has shipped; correct or extend the seed in a
-- new numbered migration instead.
--
-- Three groups, in this order:
--   1. glossary_terms   jargon heard in investor, sales, hiring and partnership meetings
--   2. benchmarks       metric x industry x stage -> p25 / p50 / p75
--   3. checklists       one builtin checklist per meeting type, with its items
--
-- The migration runner wraps every migration in one transaction, so this file holds only
-- plain INSERT statements (no BEGIN / COMMIT).
--
-- ---------------------------------------------------------------------------------------
-- Conventions
-- ---------------------------------------------------------------------------------------
-- Glossary
--   term           canonical display name; unique, case-insensitive.
--   aliases        JSON array of other ways the term is said: Korean forms (with and
--                  without spaces where both are common) and the spelled-out English.
--                  English is lower case except acronyms. The term itself is not repeated.
--   category       revenue | unit_economics | growth | finance | market | product |
--                  fundraising | sales | hiring
--   difficulty     basic | intermediate | advanced
--   definition_ko  written in 합니다체.
--
-- Benchmarks
--   metric         a stable snake_case key (list below), not a display name; the app maps
--                  each key to its glossary term for the label and the definition.
--   industry       saas | marketplace | consumer | fintech
--   stage          seed | series_a | series_b  (the round the company is raising or has
--                  just raised)
--   p25/p50/p75    always ascending, as the CHECK requires. For metrics where lower is
--                  better, p25 is therefore the *better* end; the direction column below
--                  tells the app how to read a value against the range.
--   source         names the family of public reports the range is approximated from. The
--                  figures are indicative ranges, not quotations from any single report.
--
--   key                     unit    better  glossary term    meaning
--   ----------------------  ------  ------  --------------  ------------------------------
--   arr                     USD     higher  ARR             ARR at the time of the round
--   mrr_growth_mom          %       higher  MoM growth      MRR growth, month over month
--   net_revenue_retention   %       higher  NRR             trailing 12-month NRR
--   gross_margin            %       higher  Gross margin    on net revenue
--   cac_payback_months      months  lower   Payback period  CAC payback on gross margin
--   ltv_cac_ratio           ratio   higher  LTV/CAC         LTV / blended CAC
--   monthly_churn           %       lower   Churn           monthly logo churn (SaaS) or
--                                                           paid-subscriber churn (consumer)
--   burn_multiple           ratio   lower   Burn multiple   net burn / net new ARR (or net
--                                                           new annualised net revenue)
--   runway_months           months  higher  Runway          cash / monthly net burn
--   take_rate               %       higher  Take rate       net revenue / GMV (marketplace)
--                                                           or / payment volume (fintech)
--   dau_mau                 %       higher  DAU/MAU         average DAU / MAU
--
-- Checklists
--   ids 1..6 are fixed, one per meeting type, builtin = 1. Item text is Korean first with
--   the English in parentheses: "한국어 (English)". The checklist name follows the same
--   pattern.
--   keywords       JSON array; a mention of any one covers the item. Korean entries are
--                  stems without particles ("매출", not "매출은") so that a prefix match
--                  catches the inflected forms; English entries are lower case.


-- =======================================================================================
-- 1. Glossary
-- =======================================================================================

-- ---- revenue --------------------------------------------------------------------------
INSERT INTO glossary_terms (term, aliases, definition_en, definition_ko, example, category, difficulty) VALUES
('MRR',
 '["월간 반복 매출","월 반복 매출","월 구독 매출","monthly recurring revenue"]',
 'Monthly recurring revenue: the predictable subscription revenue a company earns each month, excluding one-off fees such as setup or consulting.',
 '매달 반복해서 들어오는 구독 매출입니다. 셋업비나 컨설팅처럼 한 번만 발생하는 매출은 빼고 계산합니다.',
 'MRR이 50K 정도고, 지난달보다 12% 늘었어요.',
 'revenue', 'basic'),

('ARR',
 '["연간 반복 매출","연 반복 매출","annual recurring revenue"]',
 'Annual recurring revenue: recurring subscription revenue expressed on a yearly basis, usually MRR × 12.',
 '반복 매출을 1년 기준으로 환산한 값입니다. 보통 MRR에 12를 곱해서 구합니다.',
 'ARR 기준으로 이번 달에 2M 달러 넘었습니다.',
 'revenue', 'basic'),

('GMV',
 '["총거래액","총 거래액","거래액","gross merchandise value","gross merchandise volume"]',
 'Gross merchandise value: the total value of transactions that go through a marketplace or commerce platform, before fees, refunds and discounts. It is not the company''s revenue.',
 '플랫폼에서 거래된 금액의 합계입니다. 수수료나 환불을 빼기 전 금액이라 회사 매출과는 다릅니다.',
 '작년 GMV가 300억이고, 그중 매출로 잡히는 건 take rate 10% 정도예요.',
 'revenue', 'basic'),

('Take rate',
 '["테이크레이트","테이크 레이트","수수료율","take-rate","rake"]',
 'The share of GMV a marketplace keeps as revenue: fee and commission revenue divided by GMV.',
 '마켓플레이스가 거래액 중에서 매출로 가져가는 비율입니다. 수수료 매출을 GMV로 나눠서 구합니다.',
 '판매자 수수료랑 결제 수수료 합쳐서 take rate가 12%예요.',
 'revenue', 'intermediate'),

('NRR',
 '["순매출 유지율","순수익 유지율","넷 리텐션","NDR","net revenue retention","net dollar retention"]',
 'Net revenue retention: recurring revenue today from the customers you had a year ago, divided by their recurring revenue a year ago, counting expansion, downgrades and churn. Above 100% means existing customers grow revenue on their own.',
 '1년 전 고객들에게서 지금 나오는 반복 매출을 1년 전 매출과 비교한 비율입니다. 업셀, 다운그레이드, 이탈을 모두 반영하며, 100%를 넘으면 신규 고객 없이도 매출이 늘어난다는 뜻입니다.',
 '기존 고객 업셀이 잘 돼서 NRR이 120% 나와요.',
 'revenue', 'advanced');

-- ---- unit economics -------------------------------------------------------------------
INSERT INTO glossary_terms (term, aliases, definition_en, definition_ko, example, category, difficulty) VALUES
('CAC',
 '["고객 획득 비용","고객 유치 비용","고객획득비용","customer acquisition cost","blended cac"]',
 'Customer acquisition cost: sales and marketing spend in a period divided by the number of new customers won in that period.',
 '신규 고객 한 명을 데려오는 데 드는 비용입니다. 일정 기간의 영업·마케팅 비용을 그 기간에 새로 들어온 고객 수로 나눠서 계산합니다.',
 '페이드 채널 CAC가 3만 원인데, 오가닉까지 합친 blended CAC는 1만 8천 원이에요.',
 'unit_economics', 'intermediate'),

('LTV',
 '["고객 생애 가치","고객생애가치","생애 가치","CLV","CLTV","lifetime value","customer lifetime value"]',
 'Lifetime value: the gross profit a customer is expected to bring over the whole relationship, often estimated as ARPU × gross margin ÷ churn rate.',
 '고객 한 명이 거래하는 기간 전체에 걸쳐 가져다줄 것으로 예상되는 이익입니다. 흔히 ARPU × 매출총이익률 ÷ 이탈률로 추정합니다.',
 '월 이탈률 3% 기준으로 LTV가 대략 60만 원 나와요.',
 'unit_economics', 'intermediate'),

('LTV/CAC',
 '["LTV 대비 CAC","LTV CAC 비율","LTV:CAC","LTV to CAC","ltv to cac ratio"]',
 'LTV divided by CAC: how many times over a customer repays what it cost to acquire. About 3 or higher is commonly treated as healthy.',
 '고객 생애 가치를 고객 획득 비용으로 나눈 값으로, 고객 한 명에게 쓴 돈을 몇 배로 돌려받는지 보여줍니다. 보통 3 이상이면 건강하다고 봅니다.',
 'LTV/CAC가 4 정도라서 마케팅 예산을 더 늘려도 된다고 봐요.',
 'unit_economics', 'advanced'),

('Payback period',
 '["CAC 회수 기간","CAC 페이백","회수 기간","페이백 기간","CAC payback","cac payback period"]',
 'CAC payback period: the number of months of gross profit from a new customer needed to recover the cost of acquiring that customer.',
 '고객 획득 비용을 그 고객이 만들어 내는 매출총이익으로 회수하는 데 걸리는 개월 수입니다.',
 'CAC payback이 14개월이라 조금 긴 편이에요.',
 'unit_economics', 'intermediate'),

('ARPU',
 '["사용자당 평균 매출","인당 평균 매출","가입자당 평균 매출","average revenue per user"]',
 'Average revenue per user: revenue in a period divided by the number of users (or paying accounts) in that period.',
 '일정 기간의 매출을 사용자 수(또는 유료 계정 수)로 나눈 값으로, 한 명당 평균 매출을 뜻합니다.',
 '유료 플랜 개편하고 나서 ARPU가 월 9천 원 정도 나와요.',
 'unit_economics', 'intermediate'),

('AOV',
 '["객단가","평균 주문 금액","주문당 평균 금액","average order value"]',
 'Average order value: total order revenue divided by the number of orders.',
 '주문 한 건당 평균 결제 금액입니다. 총 주문 금액을 주문 수로 나눠서 구하며, 커머스에서는 흔히 객단가라고 부릅니다.',
 '번들 상품 넣고 나서 AOV가 3만 2천 원에서 4만 원으로 올랐어요.',
 'unit_economics', 'basic');

-- ---- growth ---------------------------------------------------------------------------
INSERT INTO glossary_terms (term, aliases, definition_en, definition_ko, example, category, difficulty) VALUES
('Churn',
 '["이탈률","해지율","고객 이탈","churn rate","logo churn","revenue churn"]',
 'The share of customers (logo churn) or of recurring revenue (revenue churn) lost in a period, usually reported monthly or annually.',
 '일정 기간 동안 떠난 고객의 비율(고객 수 기준) 또는 잃어버린 반복 매출의 비율(매출 기준)입니다. 보통 월 단위나 연 단위로 봅니다.',
 '월 churn은 2% 안쪽으로 유지되고 있어요.',
 'growth', 'basic'),

('Retention',
 '["리텐션","유지율","잔존율","고객 유지율","retention rate"]',
 'The share of users or customers still active (or still paying) after a given period, such as day 30 or month 12.',
 '일정 기간이 지난 뒤에도 계속 쓰거나 결제하고 있는 사용자·고객의 비율입니다. D30, M12처럼 기준 시점을 함께 말해야 의미가 있습니다.',
 'D30 리텐션이 25%인데, 업계 평균보다는 높은 편이에요.',
 'growth', 'basic'),

('Cohort',
 '["코호트","코호트 분석","cohort analysis"]',
 'A group of users or customers who share a starting point, such as their sign-up month, tracked together over time to compare retention and revenue.',
 '가입한 달처럼 같은 시작 시점을 가진 사용자·고객 묶음입니다. 묶음별로 시간에 따른 리텐션과 매출을 비교할 때 씁니다.',
 '1월 코호트는 6개월 뒤에도 40%가 남아 있어요.',
 'growth', 'intermediate'),

('Conversion rate',
 '["전환율","컨버전","컨버전율","CVR","conversion"]',
 'The share of people who move from one step to the next, such as visitor to sign-up or free to paid.',
 '한 단계에서 다음 단계로 넘어간 사람의 비율입니다. 방문 → 가입, 무료 → 유료처럼 어느 단계 사이인지 함께 말합니다.',
 '무료 체험에서 유료로 넘어가는 전환율이 8% 정도예요.',
 'growth', 'basic'),

('MoM growth',
 '["전월 대비 성장률","월간 성장률","월 성장률","MoM","month-over-month growth","month over month"]',
 'Month-over-month growth: the percentage change in a metric, usually revenue or MRR, from one month to the next.',
 '매출이나 MRR 같은 지표가 전월과 비교해 몇 퍼센트 늘었는지를 나타냅니다.',
 '최근 6개월 동안 MoM 15%씩 꾸준히 성장했어요.',
 'growth', 'basic');

-- ---- product --------------------------------------------------------------------------
INSERT INTO glossary_terms (term, aliases, definition_en, definition_ko, example, category, difficulty) VALUES
('DAU',
 '["일간 활성 사용자","일일 활성 사용자","일 활성 사용자","daily active users"]',
 'Daily active users: unique users who take a meaningful action in the product on a given day.',
 '하루 동안 서비스에서 의미 있는 행동을 한 순 사용자 수입니다. 무엇을 ''활성''으로 보는지 기준을 먼저 확인해야 합니다.',
 'DAU가 2만 명 정도고 주말에는 조금 빠져요.',
 'product', 'basic'),

('MAU',
 '["월간 활성 사용자","월 활성 사용자","monthly active users"]',
 'Monthly active users: unique users who take a meaningful action in the product within a 30-day period.',
 '한 달(보통 30일) 동안 서비스에서 의미 있는 행동을 한 순 사용자 수입니다.',
 'MAU 10만 명 넘었고, 그중 유료 사용자가 5%예요.',
 'product', 'basic'),

('DAU/MAU',
 '["스티키니스","MAU 대비 DAU","DAU MAU 비율","stickiness","dau/mau ratio"]',
 'DAU divided by MAU: the share of monthly users who show up on a typical day, a common measure of stickiness. Around 20% is often considered good for consumer apps; above 50% is exceptional.',
 'DAU를 MAU로 나눈 값으로, 한 달 사용자 중 하루에 몇 퍼센트가 들어오는지 보여주는 습관성 지표입니다. 소비자 앱은 20% 안팎이면 양호하고, 50%를 넘으면 매우 높은 편입니다.',
 'DAU/MAU가 35%라서 거의 매일 쓰는 서비스라고 볼 수 있어요.',
 'product', 'intermediate'),

('PMF',
 '["제품 시장 적합성","프로덕트 마켓 핏","product-market fit","product market fit"]',
 'Product-market fit: the point where a product clearly satisfies strong demand in a specific market, visible in retention, organic growth and customers pulling the product in.',
 '특정 시장의 뚜렷한 수요를 제품이 제대로 채우고 있는 상태입니다. 높은 리텐션, 자연 유입을 통한 성장, 고객이 먼저 찾아오는 현상 등으로 드러납니다.',
 'B2B 쪽은 PMF 찾은 것 같은데, B2C는 아직 검증 중이에요.',
 'product', 'intermediate');

-- ---- market ---------------------------------------------------------------------------
INSERT INTO glossary_terms (term, aliases, definition_en, definition_ko, example, category, difficulty) VALUES
('TAM',
 '["전체 시장","전체 시장 규모","총 시장 규모","total addressable market"]',
 'Total addressable market: the total annual revenue opportunity if the product won its entire market.',
 '제품이 시장 전체를 차지한다고 가정했을 때의 연간 매출 기회, 즉 전체 시장 규모입니다.',
 '국내 TAM만 3조 원 정도로 보고 있어요.',
 'market', 'basic'),

('SAM',
 '["유효 시장","서비스 가능 시장","serviceable addressable market","serviceable available market"]',
 'Serviceable addressable market: the part of TAM the company can actually reach with its current product, channels and geography.',
 '전체 시장 중에서 지금의 제품, 채널, 지역으로 실제 공략할 수 있는 부분입니다.',
 'TAM은 크지만 중소 제조업으로 좁히면 SAM은 4천억 정도예요.',
 'market', 'intermediate'),

('SOM',
 '["수익 시장","획득 가능 시장","점유 가능 시장","serviceable obtainable market"]',
 'Serviceable obtainable market: the share of SAM the company can realistically win in the next few years, given competition and resources.',
 '경쟁 상황과 가진 자원을 고려했을 때 앞으로 몇 년 안에 현실적으로 차지할 수 있는 시장입니다.',
 '3년 안에 SOM 기준으로 매출 400억을 목표로 하고 있어요.',
 'market', 'intermediate');

-- ---- finance --------------------------------------------------------------------------
INSERT INTO glossary_terms (term, aliases, definition_en, definition_ko, example, category, difficulty) VALUES
('Gross margin',
 '["매출총이익률","매출 총이익률","그로스 마진","GPM","gross profit margin"]',
 'Revenue minus cost of goods sold (hosting, payment fees, direct delivery costs), divided by revenue.',
 '매출에서 매출원가(서버비, 결제 수수료, 직접 제공 비용 등)를 뺀 매출총이익을 매출로 나눈 비율입니다.',
 'SaaS라서 gross margin이 78% 정도 나옵니다.',
 'finance', 'basic'),

('Burn rate',
 '["번레이트","번 레이트","버닝","월 버닝","월 소진액","현금 소진","burn","monthly burn","net burn"]',
 'How fast a company spends cash, usually stated as monthly net burn: cash going out minus cash coming in.',
 '회사가 현금을 쓰는 속도입니다. 보통 한 달 동안 나간 현금에서 들어온 현금을 뺀 순소진액(net burn)으로 말합니다.',
 '월 번레이트가 2억 정도라 runway는 18개월 남았어요.',
 'finance', 'basic'),

('Runway',
 '["런웨이","잔여 운영 기간","cash runway"]',
 'How many months the company can operate before running out of cash at the current burn rate: cash on hand ÷ monthly net burn.',
 '지금의 번레이트로 현금이 바닥날 때까지 버틸 수 있는 개월 수입니다. 보유 현금 ÷ 월 순소진액으로 계산합니다.',
 '이번 라운드 끝나면 런웨이가 24개월 정도 확보돼요.',
 'finance', 'basic'),

('Burn multiple',
 '["번 멀티플","번멀티플"]',
 'Net burn divided by net new ARR over the same period: how many dollars are burned to add one dollar of ARR. Below 1 is excellent; above 2 to 3 is a warning sign.',
 '같은 기간의 순소진액을 새로 늘어난 ARR로 나눈 값으로, ARR 1달러를 늘리는 데 현금을 몇 달러 쓰는지 보여줍니다. 1 미만이면 매우 효율적이고, 2~3을 넘으면 경고 신호로 봅니다.',
 '작년엔 burn multiple이 1.5였는데 올해는 1 아래로 내리는 게 목표예요.',
 'finance', 'advanced'),

('EBITDA',
 '["에비타","이비타","상각 전 영업이익","earnings before interest, taxes, depreciation and amortization"]',
 'Earnings before interest, taxes, depreciation and amortization: a rough proxy for the cash profit generated by operations.',
 '이자, 세금, 감가상각비를 빼기 전의 이익으로, 본업에서 현금을 얼마나 벌어들이는지 대략 보여줍니다.',
 '내년 하반기에는 EBITDA 흑자 전환이 가능할 것 같아요.',
 'finance', 'intermediate');

-- ---- fundraising ----------------------------------------------------------------------
INSERT INTO glossary_terms (term, aliases, definition_en, definition_ko, example, category, difficulty) VALUES
('Pre-money valuation',
 '["프리머니","프리 머니","투자 전 기업가치","투자 전 밸류","pre-money","pre money"]',
 'The company''s valuation immediately before the new investment comes in.',
 '이번 투자금이 들어오기 직전 기준의 기업가치입니다.',
 '프리머니 80억에 20억 투자받는 조건이에요.',
 'fundraising', 'intermediate'),

('Post-money valuation',
 '["포스트머니","포스트 머니","투자 후 기업가치","투자 후 밸류","post-money","post money"]',
 'Pre-money valuation plus the new money invested. The new investor''s ownership is the investment divided by the post-money valuation.',
 '투자 전 기업가치에 이번 투자금을 더한 값입니다. 신규 투자자의 지분율은 투자금 ÷ 포스트머니로 계산합니다.',
 '포스트 100억이니까 20억 넣으시면 지분 20%예요.',
 'fundraising', 'intermediate'),

('Dilution',
 '["지분 희석","희석","희석률","지분 희석률"]',
 'The drop in existing shareholders'' ownership percentage when new shares are issued: new rounds, option pools, conversions.',
 '새 라운드, 스톡옵션 풀, 전환 등으로 신주가 발행되면서 기존 주주의 지분율이 줄어드는 것입니다.',
 '이번 라운드로 창업자 dilution이 15% 정도 생겨요.',
 'fundraising', 'intermediate'),

('SAFE',
 '["세이프","조건부지분인수계약","조건부 지분인수계약","simple agreement for future equity"]',
 'Simple agreement for future equity: money invested now that converts into shares at a later priced round, usually with a valuation cap and/or discount, and with no interest or maturity date. The Korean counterpart is the 조건부지분인수계약.',
 '지금 투자금을 받고, 이후 기업가치가 정해지는 라운드에서 지분으로 전환되는 계약입니다. 보통 밸류에이션 캡이나 할인율이 붙고 이자나 만기는 없습니다. 국내에서는 조건부지분인수계약이 비슷한 제도입니다.',
 '이번엔 SAFE로 5억 받고, 캡은 50억으로 잡았어요.',
 'fundraising', 'intermediate'),

('Convertible note',
 '["전환사채","컨버터블 노트","CB","convertible bond"]',
 'A loan that converts into shares at a later round, typically carrying interest and a maturity date, plus a discount and/or valuation cap.',
 '나중 라운드에서 주식으로 전환되는 채권 형태의 투자입니다. SAFE와 달리 이자와 만기가 있고, 할인율이나 밸류에이션 캡이 붙는 경우가 많습니다.',
 '브릿지로 convertible note 3억 받았고, 시리즈 A 때 20% 할인된 가격으로 전환돼요.',
 'fundraising', 'intermediate'),

('RCPS',
 '["상환전환우선주","상환 전환 우선주","redeemable convertible preferred stock","redeemable convertible preferred shares"]',
 'Redeemable convertible preferred shares: the most common instrument in Korean venture rounds. Preferred shares the investor can convert into common stock or, under set conditions, ask the company to buy back.',
 '국내 벤처 투자에서 가장 많이 쓰는 투자 형태입니다. 우선주이면서 보통주로 전환할 수 있고, 정해진 조건에서는 회사에 상환을 청구할 수도 있습니다.',
 '시리즈 A는 RCPS로 들어가고, 리픽싱 조항이 붙어 있어요.',
 'fundraising', 'advanced'),

('Cap table',
 '["캡테이블","캡 테이블","지분 구조","지분 구조표","capitalization table"]',
 'Capitalization table: who owns what share of the company (founders, investors, option pool), and how that changes round by round.',
 '창업자, 투자자, 스톡옵션 풀 등 누가 회사 지분을 얼마나 가지고 있는지 정리한 표입니다. 라운드마다 어떻게 바뀌는지도 함께 봅니다.',
 '캡테이블 보면 창업자 두 분 합쳐서 아직 60% 넘게 갖고 계세요.',
 'fundraising', 'intermediate'),

('Term sheet',
 '["텀싯","텀시트","텀 시트","투자조건서","투자 조건서"]',
 'A short, mostly non-binding document setting out the key terms of an investment (amount, valuation, instrument, board seats, investor rights) before the final contracts are drafted.',
 '본계약 전에 투자 금액, 기업가치, 투자 형태, 이사회 구성, 투자자 권리 같은 핵심 조건을 정리한 문서입니다. 대부분의 조항은 법적 구속력이 없습니다.',
 '다음 주에 텀싯 드리고 실사 들어가려고 합니다.',
 'fundraising', 'intermediate'),

('Pro rata',
 '["프로라타","프로 라타","프로라타 권리","후속 투자 참여권","pro rata right","pro-rata"]',
 'An investor''s right to invest in later rounds enough to keep its ownership percentage.',
 '투자자가 이후 라운드에서도 지금의 지분율을 유지할 만큼 추가로 투자할 수 있는 권리입니다.',
 '기존 투자사들이 프로라타 다 행사하면 신규 배정은 30억 정도 남아요.',
 'fundraising', 'advanced');

-- ---- sales ----------------------------------------------------------------------------
INSERT INTO glossary_terms (term, aliases, definition_en, definition_ko, example, category, difficulty) VALUES
('Pipeline',
 '["파이프라인","영업 파이프라인","세일즈 파이프라인","sales pipeline"]',
 'The open deals a sales team is working, organised by stage and usually sized by expected contract value.',
 '영업팀이 진행 중인 딜을 단계별로 정리한 것으로, 보통 예상 계약 금액으로 규모를 봅니다.',
 '이번 분기 파이프라인이 15억인데, 클로징은 30% 정도 예상해요.',
 'sales', 'basic'),

('Quota',
 '["쿼터","세일즈 쿼터","영업 목표","영업 할당량","sales quota"]',
 'The sales target a rep or team is expected to close in a period, usually a quarter or a year.',
 '영업 담당자나 팀이 일정 기간(보통 분기나 1년) 동안 달성해야 하는 매출 목표입니다.',
 'AE 한 명당 연간 쿼터가 10억이고, 작년 평균 달성률은 85%였어요.',
 'sales', 'basic'),

('ACV',
 '["연간 계약 가치","연간 계약 금액","annual contract value"]',
 'Annual contract value: the average yearly value of a customer contract, excluding one-time fees.',
 '고객 계약 하나가 1년에 평균 얼마인지 나타내는 값입니다. 일회성 비용은 보통 빼고 계산합니다.',
 '엔터프라이즈 고객은 ACV가 5천만 원 이상이고, SMB는 500만 원 정도예요.',
 'sales', 'intermediate');

-- ---- hiring ---------------------------------------------------------------------------
INSERT INTO glossary_terms (term, aliases, definition_en, definition_ko, example, category, difficulty) VALUES
('OTE',
 '["목표 총보상","on-target earnings","on target earnings"]',
 'On-target earnings: base salary plus the variable pay (commission or bonus) earned at 100% of target. Standard in sales roles.',
 '목표를 100% 달성했을 때 받는 총보상으로, 기본급에 커미션·인센티브를 더한 금액입니다. 영업 직군 채용에서 주로 씁니다.',
 'AE 포지션은 OTE 1억 2천에 베이스랑 인센티브가 6:4 구조예요.',
 'hiring', 'intermediate'),

('Time-to-hire',
 '["채용 소요 기간","채용 리드타임","time to hire"]',
 'The number of days from when a candidate enters the process (applies or is sourced) to when they accept the offer.',
 '후보자가 지원하거나 소싱된 시점부터 오퍼를 수락할 때까지 걸린 일수입니다.',
 '개발자 포지션은 time-to-hire가 평균 45일 정도 걸려요.',
 'hiring', 'basic'),

('Offer acceptance rate',
 '["오퍼 수락률","입사 제안 수락률","offer accept rate"]',
 'Offers accepted divided by offers extended in a period.',
 '일정 기간 동안 제시한 오퍼 중 후보자가 수락한 비율입니다.',
 '올해 오퍼 수락률이 70%까지 떨어져서 처우 기준을 다시 보고 있어요.',
 'hiring', 'basic'),

('Vesting',
 '["베스팅","베스팅 스케줄","클리프","vesting schedule","cliff"]',
 'Earning shares or stock options over time, commonly over four years with a one-year cliff, so that equity is tied to staying with the company.',
 '주식이나 스톡옵션을 한꺼번에 주지 않고 근무 기간에 따라 나눠서 확정해 주는 방식입니다. 흔히 4년에 걸쳐 나누고, 첫 1년은 클리프로 둡니다.',
 '스톡옵션은 4년 베스팅에 1년 클리프 조건이에요.',
 'hiring', 'intermediate');


-- =======================================================================================
-- 2. Benchmarks
-- =======================================================================================
-- Indicative ranges for comparing a number said in a meeting with peers at the same
-- stage. They are approximations from the public report families named in `source`,
-- rounded, and not a substitute for a current dataset. Keys, units and direction are
-- listed at the top of this file.

-- ---- saas -----------------------------------------------------------------------------
INSERT INTO benchmarks (metric, industry, stage, p25, p50, p75, unit, source) VALUES
('arr', 'saas', 'seed',      100000,  400000, 1000000, 'USD',
 'Approximated from public VC commentary on typical ARR when raising each round, 2023-2024; indicative range, not an exact figure'),
('arr', 'saas', 'series_a', 1000000, 2000000, 3500000, 'USD',
 'Approximated from public VC commentary on typical ARR when raising each round, 2023-2024; indicative range, not an exact figure'),
('arr', 'saas', 'series_b', 4000000, 8000000, 14000000, 'USD',
 'Approximated from public VC commentary on typical ARR when raising each round, 2023-2024; indicative range, not an exact figure'),

('mrr_growth_mom', 'saas', 'seed',     5.0, 10.0, 18.0, '%',
 'Approximated from public SaaS benchmark surveys (e.g. KeyBanc/Sapphire and OpenView SaaS surveys), 2023-2024; indicative range, not an exact figure'),
('mrr_growth_mom', 'saas', 'series_a', 4.0,  7.0, 11.0, '%',
 'Approximated from public SaaS benchmark surveys (e.g. KeyBanc/Sapphire and OpenView SaaS surveys), 2023-2024; indicative range, not an exact figure'),
('mrr_growth_mom', 'saas', 'series_b', 2.5,  4.5,  7.0, '%',
 'Approximated from public SaaS benchmark surveys (e.g. KeyBanc/Sapphire and OpenView SaaS surveys), 2023-2024; indicative range, not an exact figure'),

('net_revenue_retention', 'saas', 'series_a',  95.0, 103.0, 112.0, '%',
 'Approximated from public SaaS benchmark surveys (e.g. KeyBanc/Sapphire and OpenView SaaS surveys), 2023-2024; indicative range, not an exact figure'),
('net_revenue_retention', 'saas', 'series_b', 100.0, 108.0, 118.0, '%',
 'Approximated from public SaaS benchmark surveys (e.g. KeyBanc/Sapphire and OpenView SaaS surveys), 2023-2024; indicative range, not an exact figure'),

('gross_margin', 'saas', 'seed',     60.0, 70.0, 78.0, '%',
 'Approximated from public SaaS benchmark surveys (e.g. KeyBanc/Sapphire and OpenView SaaS surveys), 2023-2024; indicative range, not an exact figure'),
('gross_margin', 'saas', 'series_a', 65.0, 74.0, 80.0, '%',
 'Approximated from public SaaS benchmark surveys (e.g. KeyBanc/Sapphire and OpenView SaaS surveys), 2023-2024; indicative range, not an exact figure'),
('gross_margin', 'saas', 'series_b', 68.0, 76.0, 82.0, '%',
 'Approximated from public SaaS benchmark surveys (e.g. KeyBanc/Sapphire and OpenView SaaS surveys), 2023-2024; indicative range, not an exact figure'),

-- lower is better: p25 is the fast-payback end
('cac_payback_months', 'saas', 'series_a', 12.0, 18.0, 27.0, 'months',
 'Approximated from public SaaS benchmark surveys (e.g. KeyBanc/Sapphire and OpenView SaaS surveys), 2023-2024; indicative range, not an exact figure'),
('cac_payback_months', 'saas', 'series_b', 14.0, 20.0, 30.0, 'months',
 'Approximated from public SaaS benchmark surveys (e.g. KeyBanc/Sapphire and OpenView SaaS surveys), 2023-2024; indicative range, not an exact figure'),

('ltv_cac_ratio', 'saas', 'series_a', 2.0, 3.0, 5.0, 'ratio',
 'Approximated from public SaaS benchmark surveys and VC commentary (e.g. KeyBanc/Sapphire and OpenView), 2023-2024; indicative range, not an exact figure'),
('ltv_cac_ratio', 'saas', 'series_b', 2.5, 3.5, 5.0, 'ratio',
 'Approximated from public SaaS benchmark surveys and VC commentary (e.g. KeyBanc/Sapphire and OpenView), 2023-2024; indicative range, not an exact figure'),

-- lower is better: p25 is the low-churn end (monthly logo churn)
('monthly_churn', 'saas', 'seed',     2.0, 3.5, 6.0, '%',
 'Approximated from public SaaS benchmark surveys (e.g. KeyBanc/Sapphire and OpenView SaaS surveys), 2023-2024; indicative range, not an exact figure'),
('monthly_churn', 'saas', 'series_a', 1.2, 2.2, 3.5, '%',
 'Approximated from public SaaS benchmark surveys (e.g. KeyBanc/Sapphire and OpenView SaaS surveys), 2023-2024; indicative range, not an exact figure'),
('monthly_churn', 'saas', 'series_b', 0.8, 1.5, 2.5, '%',
 'Approximated from public SaaS benchmark surveys (e.g. KeyBanc/Sapphire and OpenView SaaS surveys), 2023-2024; indicative range, not an exact figure'),

-- lower is better: p25 is the efficient end
('burn_multiple', 'saas', 'seed',     1.5, 2.5, 4.0, 'ratio',
 'Approximated from public venture commentary on burn multiple (e.g. David Sacks'' burn multiple essay and VC benchmark posts), 2020-2024; indicative range, not an exact figure'),
('burn_multiple', 'saas', 'series_a', 1.2, 1.8, 2.8, 'ratio',
 'Approximated from public venture commentary on burn multiple (e.g. David Sacks'' burn multiple essay and VC benchmark posts), 2020-2024; indicative range, not an exact figure'),
('burn_multiple', 'saas', 'series_b', 1.0, 1.6, 2.4, 'ratio',
 'Approximated from public venture commentary on burn multiple (e.g. David Sacks'' burn multiple essay and VC benchmark posts), 2020-2024; indicative range, not an exact figure'),

('runway_months', 'saas', 'seed',     12.0, 18.0, 24.0, 'months',
 'Approximated from public venture guidance and round-timing data (e.g. Carta State of Private Markets reports), 2023-2024; indicative range, not an exact figure'),
('runway_months', 'saas', 'series_a', 15.0, 22.0, 30.0, 'months',
 'Approximated from public venture guidance and round-timing data (e.g. Carta State of Private Markets reports), 2023-2024; indicative range, not an exact figure'),
('runway_months', 'saas', 'series_b', 18.0, 24.0, 36.0, 'months',
 'Approximated from public venture guidance and round-timing data (e.g. Carta State of Private Markets reports), 2023-2024; indicative range, not an exact figure');

-- ---- marketplace ----------------------------------------------------------------------
INSERT INTO benchmarks (metric, industry, stage, p25, p50, p75, unit, source) VALUES
('take_rate', 'marketplace', 'seed',      8.0, 12.0, 20.0, '%',
 'Approximated from public marketplace analyses (e.g. a16z marketplace research, Bill Gurley on take rates); indicative range, not an exact figure'),
('take_rate', 'marketplace', 'series_a',  9.0, 14.0, 20.0, '%',
 'Approximated from public marketplace analyses (e.g. a16z marketplace research, Bill Gurley on take rates); indicative range, not an exact figure'),
('take_rate', 'marketplace', 'series_b', 10.0, 15.0, 22.0, '%',
 'Approximated from public marketplace analyses (e.g. a16z marketplace research, Bill Gurley on take rates); indicative range, not an exact figure'),

-- on net revenue (after the take), not on GMV
('gross_margin', 'marketplace', 'series_a', 55.0, 65.0, 75.0, '%',
 'Approximated from public marketplace and VC benchmark writing, 2022-2024; indicative range, not an exact figure'),
('gross_margin', 'marketplace', 'series_b', 58.0, 68.0, 78.0, '%',
 'Approximated from public marketplace and VC benchmark writing, 2022-2024; indicative range, not an exact figure'),

-- net burn / net new annualised net revenue; lower is better
('burn_multiple', 'marketplace', 'series_a', 1.5, 2.3, 3.5, 'ratio',
 'Approximated from public venture commentary on burn multiple and marketplace benchmark writing, 2020-2024; indicative range, not an exact figure'),
('burn_multiple', 'marketplace', 'series_b', 1.2, 2.0, 3.0, 'ratio',
 'Approximated from public venture commentary on burn multiple and marketplace benchmark writing, 2020-2024; indicative range, not an exact figure');

-- ---- consumer -------------------------------------------------------------------------
INSERT INTO benchmarks (metric, industry, stage, p25, p50, p75, unit, source) VALUES
('dau_mau', 'consumer', 'seed',      8.0, 15.0, 25.0, '%',
 'Approximated from public product analytics benchmark reports (e.g. Mixpanel and Amplitude), 2022-2024; indicative range, not an exact figure'),
('dau_mau', 'consumer', 'series_a', 10.0, 18.0, 30.0, '%',
 'Approximated from public product analytics benchmark reports (e.g. Mixpanel and Amplitude), 2022-2024; indicative range, not an exact figure'),
('dau_mau', 'consumer', 'series_b', 12.0, 20.0, 35.0, '%',
 'Approximated from public product analytics benchmark reports (e.g. Mixpanel and Amplitude), 2022-2024; indicative range, not an exact figure'),

-- monthly churn of paying subscribers; lower is better
('monthly_churn', 'consumer', 'series_a', 6.0, 9.0, 14.0, '%',
 'Approximated from public subscription app reports (e.g. RevenueCat State of Subscription Apps), 2023-2024; indicative range, not an exact figure'),
('monthly_churn', 'consumer', 'series_b', 5.0, 8.0, 12.0, '%',
 'Approximated from public subscription app reports (e.g. RevenueCat State of Subscription Apps), 2023-2024; indicative range, not an exact figure');

-- ---- fintech --------------------------------------------------------------------------
INSERT INTO benchmarks (metric, industry, stage, p25, p50, p75, unit, source) VALUES
('gross_margin', 'fintech', 'series_a', 40.0, 55.0, 68.0, '%',
 'Approximated from public fintech company filings and VC fintech reports, 2022-2024; indicative range, not an exact figure'),
('gross_margin', 'fintech', 'series_b', 45.0, 58.0, 70.0, '%',
 'Approximated from public fintech company filings and VC fintech reports, 2022-2024; indicative range, not an exact figure'),

-- payments-style take rate: net revenue / total payment volume
('take_rate', 'fintech', 'series_a', 0.5, 1.0, 2.0, '%',
 'Approximated from public fintech company filings and VC fintech reports, 2022-2024; indicative range, not an exact figure'),
('take_rate', 'fintech', 'series_b', 0.4, 0.8, 1.5, '%',
 'Approximated from public fintech company filings and VC fintech reports, 2022-2024; indicative range, not an exact figure'),

-- lower is better
('burn_multiple', 'fintech', 'series_a', 1.5, 2.5, 4.0, 'ratio',
 'Approximated from public venture commentary on burn multiple and VC fintech reports, 2020-2024; indicative range, not an exact figure'),
('burn_multiple', 'fintech', 'series_b', 1.2, 2.0, 3.0, 'ratio',
 'Approximated from public venture commentary on burn multiple and VC fintech reports, 2020-2024; indicative range, not an exact figure');


-- =======================================================================================
-- 3. Checklists
-- =======================================================================================

INSERT INTO checklists (id, name, meeting_type, builtin, created_at) VALUES
(1, '투자 심사 (Investment screening)', 'investment_screening', 1, '2026-01-01T00:00:00Z'),
(2, '멘토링 (Mentoring)',               'mentoring',            1, '2026-01-01T00:00:00Z'),
(3, '영업 미팅 (Sales)',                'sales',                1, '2026-01-01T00:00:00Z'),
(4, '채용 인터뷰 (Recruiting)',         'recruiting',           1, '2026-01-01T00:00:00Z'),
(5, '파트너십 (Partnership)',           'partnership',          1, '2026-01-01T00:00:00Z'),
(6, '일반 미팅 (General)',              'general',              1, '2026-01-01T00:00:00Z');

-- ---- 1. investment screening ----------------------------------------------------------
INSERT INTO checklist_items (checklist_id, position, text, keywords) VALUES
(1, 1, '해결하는 문제와 타깃 고객 (Problem and target customer)',
 '["문제","페인포인트","타깃","타겟","고객","pain point","problem","customer","target"]'),
(1, 2, '제품과 차별점 (Product and differentiation)',
 '["제품","솔루션","차별","경쟁 우위","해자","product","solution","differentiation","moat"]'),
(1, 3, '시장 규모 (Market size: TAM / SAM / SOM)',
 '["시장 규모","시장","전체 시장","유효 시장","tam","sam","som","market size"]'),
(1, 4, '매출과 성장 지표 (Revenue and growth: MRR / ARR, MoM)',
 '["매출","반복 매출","성장률","전월 대비","mrr","arr","revenue","growth","mom"]'),
(1, 5, '유닛 이코노믹스 (Unit economics: CAC, LTV, margin)',
 '["유닛 이코노믹스","고객 획득 비용","생애 가치","마진","매출총이익","페이백","cac","ltv","unit economics","margin","payback"]'),
(1, 6, '경쟁 환경 (Competition)',
 '["경쟁","경쟁사","대체재","competitor","competition","alternative"]'),
(1, 7, '팀과 창업 배경 (Team and founders)',
 '["팀","창업자","공동창업자","창업 계기","경력","team","founder","co-founder","background"]'),
(1, 8, '번레이트와 런웨이 (Burn and runway)',
 '["번레이트","번 레이트","버닝","런웨이","소진","현금","burn","runway","cash"]'),
(1, 9, '라운드 조건과 자금 사용 계획 (Round terms and use of funds)',
 '["라운드","밸류","밸류에이션","기업가치","투자 규모","투자금","자금 사용","리드","지분","valuation","round","pre-money","use of funds","lead investor","cap table"]'),
(1, 10, '주요 리스크와 다음 단계 (Key risks and next steps)',
 '["리스크","위험","우려","다음 단계","실사","risk","concern","next step","due diligence"]');

-- ---- 2. mentoring ---------------------------------------------------------------------
INSERT INTO checklist_items (checklist_id, position, text, keywords) VALUES
(2, 1, '지난 미팅 이후 진행 상황 (Progress since last meeting)',
 '["지난번","지난 미팅","진행 상황","업데이트","progress","update","since last"]'),
(2, 2, '핵심 지표 변화 (Key metrics)',
 '["지표","매출","성장","리텐션","숫자","kpi","metric","numbers","growth"]'),
(2, 3, '지금 가장 큰 고민 (Biggest current challenge)',
 '["고민","어려움","병목","막히","챌린지","challenge","blocker","bottleneck","struggle"]'),
(2, 4, '팀과 조직 이슈 (Team and hiring)',
 '["팀","채용","조직","공동창업자","퇴사","team","hiring","co-founder","org"]'),
(2, 5, '자금 상황과 다음 라운드 (Cash and next round)',
 '["런웨이","현금","잔고","다음 라운드","투자 유치","펀딩","브릿지","runway","cash","fundraising","next round","bridge"]'),
(2, 6, '필요한 도움과 소개 (Help needed and introductions)',
 '["도움","소개","연결","네트워크","인트로","help","intro","introduction","connect"]'),
(2, 7, '다음 목표와 액션 아이템 (Next goals and action items)',
 '["목표","다음 미팅까지","액션 아이템","할 일","goal","action item","next step"]');

-- ---- 3. sales -------------------------------------------------------------------------
INSERT INTO checklist_items (checklist_id, position, text, keywords) VALUES
(3, 1, '현재 업무 방식과 사용 중인 솔루션 (Current process and tools)',
 '["현재","지금은","기존","사용 중","쓰고 있","업무 방식","current","currently","existing","workflow","today"]'),
(3, 2, '핵심 문제와 니즈 (Pain points and needs)',
 '["문제","불편","니즈","페인포인트","어려움","pain","need","problem","challenge"]'),
(3, 3, '의사결정자와 구매 절차 (Decision makers and buying process)',
 '["의사결정","결정권자","결재","승인","구매 절차","구매 프로세스","decision maker","approval","stakeholder","procurement","buying process"]'),
(3, 4, '예산 (Budget)',
 '["예산","비용","가격","단가","budget","price","pricing","cost"]'),
(3, 5, '도입 일정 (Timeline)',
 '["일정","도입 시기","도입 시점","타임라인","마감","timeline","deadline","go-live","rollout"]'),
(3, 6, '경쟁사와 대안 (Competitors and alternatives)',
 '["경쟁사","다른 업체","비교","대안","competitor","alternative","compare","vendor"]'),
(3, 7, '성공 기준 (Success criteria and ROI)',
 '["성공 기준","기대 효과","성과","효과","roi","kpi","success criteria"]'),
(3, 8, '다음 단계 합의: 데모, PoC, 제안서 (Agreed next step: demo, PoC, proposal)',
 '["다음 단계","데모","제안서","견적","파일럿","계약","poc","next step","demo","proposal","quote","pilot","contract"]');

-- ---- 4. recruiting --------------------------------------------------------------------
INSERT INTO checklist_items (checklist_id, position, text, keywords) VALUES
(4, 1, '경력과 주요 성과 (Experience and key achievements)',
 '["경력","이력","경험","성과","프로젝트","experience","background","achievement","project"]'),
(4, 2, '직무 역량 (Role-specific skills)',
 '["역량","스킬","기술 스택","전문성","skill","expertise","stack"]'),
(4, 3, '이직 동기 (Motivation for moving)',
 '["이직","퇴사","동기","지원 동기","이유","motivation","reason","looking for","why leave"]'),
(4, 4, '희망 처우와 보상 (Compensation expectations)',
 '["연봉","처우","보상","희망 연봉","스톡옵션","인센티브","salary","compensation","ote","equity","stock option"]'),
(4, 5, '입사 가능 시점 (Start date and notice period)',
 '["입사 가능","입사 시기","합류 시점","퇴사 예정","인수인계","start date","notice period","availability"]'),
(4, 6, '다른 진행 중인 기회 (Other processes and offers)',
 '["다른 회사","다른 오퍼","타사","진행 중","면접 진행","other offer","other process","interviewing","competing offer"]'),
(4, 7, '조직·문화 적합성 (Team and culture fit)',
 '["문화","팀워크","협업","일하는 방식","가치관","culture","team fit","collaboration","values"]'),
(4, 8, '후보자 질문과 다음 단계 (Candidate questions and next steps)',
 '["궁금한 점","질문","다음 단계","다음 면접","레퍼런스","평판 조회","next step","next round","reference","question"]');

-- ---- 5. partnership -------------------------------------------------------------------
INSERT INTO checklist_items (checklist_id, position, text, keywords) VALUES
(5, 1, '상대 조직의 목표와 우선순위 (Partner goals and priorities)',
 '["목표","우선순위","전략","방향","goal","priority","strategy","objective"]'),
(5, 2, '협력 범위 (Scope of collaboration)',
 '["협력","협업","제휴","범위","공동","연동","scope","collaboration","partnership","co-marketing","integration"]'),
(5, 3, '서로 얻는 가치 (Mutual value)',
 '["시너지","상호","윈윈","가치","이점","혜택","synergy","mutual","win-win","value","benefit"]'),
(5, 4, '수익 배분과 상업 조건 (Revenue share and commercial terms)',
 '["수익 배분","수익 쉐어","레비뉴 쉐어","수수료","정산","단가","revenue share","rev share","commission","terms","fee"]'),
(5, 5, '담당자와 의사결정 구조 (Owners and decision process)',
 '["담당자","책임자","의사결정","승인","결재","owner","point of contact","decision","approval","sponsor"]'),
(5, 6, '일정과 마일스톤 (Timeline and milestones)',
 '["일정","마일스톤","론칭","출시","파일럿","킥오프","timeline","milestone","launch","pilot","kickoff"]'),
(5, 7, '계약·데이터·리스크 (Legal, data sharing and risks)',
 '["계약","법무","개인정보","데이터","리스크","독점","nda","mou","contract","legal","exclusivity","data sharing","risk"]'),
(5, 8, '다음 단계 (Next steps)',
 '["다음 단계","후속","팔로업","다음 미팅","next step","follow-up","follow up"]');

-- ---- 6. general -----------------------------------------------------------------------
INSERT INTO checklist_items (checklist_id, position, text, keywords) VALUES
(6, 1, '미팅 목적과 안건 확인 (Purpose and agenda)',
 '["목적","안건","아젠다","오늘 미팅","purpose","agenda","goal"]'),
(6, 2, '참석자 소개와 역할 (Introductions and roles)',
 '["소개","역할","담당","introduce","introduction","role","responsible"]'),
(6, 3, '핵심 논의 사항 (Key discussion points)',
 '["논의","핵심","이슈","주요","discuss","key point","issue"]'),
(6, 4, '결정 사항 (Decisions)',
 '["결정","합의","확정","decide","decision","agree","agreed"]'),
(6, 5, '액션 아이템과 담당자 (Action items and owners)',
 '["액션 아이템","할 일","담당자","기한","action item","owner","todo","to-do","deadline"]'),
(6, 6, '다음 미팅 일정 (Next meeting)',
 '["다음 미팅","다음 회의","후속 미팅","일정","next meeting","follow-up","schedule"]');
