"""Risk-factor conventions of the labelled Chinese sets (rounds 6 and 7), through the public API.

Each exclusion states a convention of the authors' notes (a bystander is not vulnerable, a court across the
street is not litigation, a couple is not a group, pregnancy is a passing condition, a debtor's child is not the
customer, a firm's size is not a group …); beside it, a nearby phrasing that must still raise the factor, so that
an exclusion which swallowed the factor would fail.
"""

from __future__ import annotations

import pytest

from bankcomplaints.classification import assess_risk, classify, find_amounts, find_counts


def _flags(text: str) -> set[str]:
    return {factor.slug for factor in assess_risk(classify(text)).flags}


@pytest.mark.parametrize(("text", "flag"), [
    # vulnerable: an old person in the queue, a customer who says they are fit, people in general in a suggestion,
    # a relative rung by collectors
    ("排队的时候旁边有个老大爷一直在咳嗽，你们的柜员却在聊天，我等了一个小时才轮到", "vulnerable"),
    ("我今年六十五岁，身体好得很，你们别一见我就让我叫子女来，我自己能办", "vulnerable"),
    ("建议自助机加上语音提示，方便视力不好的人使用", "vulnerable"),
    ("你们的催收天天打电话给我妈，她七十多岁了，被吓得睡不着", "vulnerable"),
    # regulator: the central bank as a place to print a report or in the news; the bank's own consumer-protection desk
    ("我专门去人民银行打印征信报告，跑了一趟人家说你们网点就能打", "regulator"),
    ("新闻说有银行因为乱收费被人民银行罚了款，你们的短信费是不是也该退", "regulator"),
    ("我写信给你们分行消保部门，一个月了还没人回复", "regulator"),
    # media: reading social media is not going to the media
    ("我在小红书上看到有人说你们的存单利率高，来了却说没有这个产品", "media"),
    # litigation: a court as a landmark, a lawyer by profession, a collector's sham suit
    ("你们法院对面那个网点的ATM又坏了，取不了钱", "litigation"),
    ("我闺蜜是律师，她说你们这个条款不合理，但我不想闹大，你们把手续费退了就行", "litigation"),
    ("催收短信说我的案子已立案，我打电话去法院问，根本没有这回事", "litigation"),
    # group: a couple, business partners, people asking together, a live-stream audience
    ("我们两口子一起来办的业务，你们非要一个一个排号", "group"),
    ("我们三个合伙人想开个对公账户，需要三个人都到场吗？", "group"),
    ("我在网点门口开直播骂你们排队太慢，直播间在线两百多人都在看", "group"),
    # round 13: a journalist's readers; a co-branded account
    ("记者来电：本报接到多名读者来信，问贵行的大额存单为何提前售罄", "group"),
    ("在外卖平台开的联名电子账户，余额在你们App里查不到", "group"),
    # repeat: steps of one errand, a salesman ringing again
    ("开户跑了三趟：第一次说系统维护，第二次说要带原件，第三次才办成", "repeat"),
    ("推销信用卡的电话我说了不要，他换个号码又打过来了", "repeat"),
    # extreme: what the speaker says they will not do
    ("气得我真想把你们的叫号机砸了，但我忍住了，我就要一个道歉", "extreme"),
    ("我都想从你们楼上跳下去了，开玩笑的，就是想让你们把手续费退了", "extreme"),
    # round 7 (v1-v12 conventions)
    # vulnerable: pregnancy is a passing condition; a debtor's child is not the customer; people in the hall and
    # a retired man who gives no age are not the customer concerned
    ("我怀孕七个月了，在网点站着排队一个多小时，大堂里的空座位保安说是VIP区不让坐", "vulnerable"),
    ("你们的催收加了我女儿的微信说她妈欠钱不还，她才上初中，被吓得不敢去上学", "vulnerable"),
    ("老人家来存一大袋硬币，柜员说点硬币要预约，态度很不耐烦，老人家最后走了。我是旁边排队的，看不下去", "vulnerable"),
    ("你们门口那个台阶下雨天特别滑，昨天有个大爷在那儿摔了一跤，到现在也没人管", "vulnerable"),
    ("我一个退休老头，卡被冻结了说涉嫌电诈，去网点要我自证清白，咋证？", "vulnerable"),
    # regulator: the central bank as the place the bank sends one to, or as the rule-maker; 人行 inside 个人行为;
    # a clerk telling the customer they may call 12378
    ("我爷爷翻出来一摞发霉的老版钱，送来你们说不收，让去人民银行换，你们就不能收了转交吗？", "regulator"),
    ("开小卖部的拿零钱来换整，你们说不办理，人民银行不是要求银行必须兑换吗？", "regulator"),
    ("理财经理骗走我爸六十万，你们说是他个人行为，可他穿着你们的工作服在你们贵宾室签的协议", "regulator"),
    ("客服在电话里跟我说您可以去12378投诉我们，语气特别冲，我不打算去，就是觉得她这样说话不对", "regulator"),
    # litigation: a court's papers the bank asks for, a counterparty's lawyer letter, a lawyer by profession
    ("外公九十三岁卧床不起，想让我们代他开保管箱，你们说必须本人来或者有法院文书", "litigation"),
    ("网银付给供应商的三十八万五天没到账，对方已发来律师函催款，要求你们出具书面说明", "litigation"),
    ("我是执业律师，想给我妈退掉她在你们这买的保险，柜台说必须我妈本人来", "litigation"),
    # media: the bank's own live stream, a blogger asking to film, "I am not one to post online"
    ("抖音上你们银行直播间说开户送一桶油，我开了户却说不给了", "media"),
    ("某自媒体博主来电，询问能否在网点大堂拍摄理财科普视频，已告知需分行审批", "media"),
    ("我不是那种去网上发帖的人，就想问问每个月扣的短信服务费能不能退给我", "media"),
    # group: a firm's size, a family, "I speak only for myself"
    ("客户经理说开对公户必须同时开通代发工资，我们公司就三个人，要什么代发工资？", "group"),
    ("我们一家四口的卡都被冻结了，就因为我儿子的卡被人借去用过一次，可我们三个人的卡跟这个事有什么关系？", "group"),
    ("你们把镇上的网点撤了，助农取款点的老板自己都不会操作，我们村的人都对这个很有意见，但我今天就代表我自己说",
     "group"),
    # repeat: calls within one errand are not an earlier complaint; praise is not a complaint at all
    ("我要投诉你们的信用卡中心，打了五次电话，每次都说会有专人回电，一次都没回过", "repeat"),
    ("表扬开发区支行的柜员小王，我们材料不全她帮我们列了清单，第二次来一次就办好了", "repeat"),
    # extreme: a relative's worry, and anger the speaker talks down, are not threats
    ("老伴被骗转了两万六，现在他在家里不吃不喝，天天念叨，我怕他想不开，你们的柜员为什么不问一下？", "extreme"),
    ("柜员态度差到家了，我气得想把桌子掀了，算了，我不跟她一般见识", "extreme"),
    # round 7, second pass (v14, v16): a stay in hospital, a relative's illness, wheelchair users in general
    ("催收连着五天每天早上打电话，我说了我住院了下个月一定还，那人说死了也得还", "vulnerable"),
    ("今年因母亲重病连续两个月只还了最低还款额，你们就把我的额度从八万降到一万", "vulnerable"),
    ("网点门口的无障碍通道上停满了电动车，坐轮椅的根本进不来，跟大堂说了都没人管", "vulnerable"),
    # impostors posting as the bank, what one read online
    ("抖音上有人冒充你们行的客服直播教你提额，还挂着你们的logo，你们要不要去投诉一下？", "media"),
    ("你们的停息挂账跟网上说的债务优化是一回事吗？", "media"),
    # a collector's sham suit the customer found out, the bank's own lawyers chasing the debt
    ("催收员冒充法院工作人员给我打电话，说明天就来执行，后来我打了法院电话，人家说根本没这回事", "litigation"),
    ("我行委托的律师事务所向其邮寄律师函，函中称如不还款将追究刑事责任，客户认为系恐吓", "litigation"),
    # people watching are not complainants
    ("大堂经理当着几十个人的面说我不识字就别来添乱，我当场就录下来了", "group"),
    # round 11: a collector's abuse is harassment, not the customer's threat
    ("催收员在电话里说我还不起就去死，我都录音了", "extreme"),
    # round 14: a clerk's words to another customer, quoted, are not the speaker's earlier complaint
    ("我看见你们柜员冲着前面的大爷吼“说了多少遍了”，这种态度必须有个说法", "repeat"),
    # round 15, from v33's misses (in other words): a regulator's procedure or requirement, a co-branded bundle,
    # a bystander telling of someone else's frailty
    ("柜员让我舅舅先去外管局报备，才能取他自己账户里的美元", "regulator"),
    ("这到底是外汇局的要求还是你们行自己的规定？汇款挂了二十天没入账", "regulator"),
    ("办工资卡非要捆绑开通信用卡联名套餐，不办就不给开", "group"),
    ("保安冲一个拄拐杖的老人大吼，我自己身体好好的，就是看着心里难受", "vulnerable"),
    ("前面一个老爷子手抖签不好字，柜员一直催他，我自己倒没什么事，就是想反映一下", "vulnerable"),
    # round 18, from v39's misses (in other words): reading or watching the news, or working at a TV station
    ("我在微博上看到一个帖子说你们的手机银行有漏洞，是真的吗", "media"),
    ("我看了电视上那个记者暗访银行的节目，你们的柜员也是这样推销保险的", "media"),
    ("我姐就在电视台上班，但我只想你们把多收的年费退了", "media"),
    ("那个柜员太气人，我真想一巴掌扇过去，忍住了，但你们得给我道歉", "extreme"),
    # round 19, from v41's misses (in other words): telling is not suing, reading is not posting, filming a
    # bank's own anti-fraud video is not exposing it, a fit customer below 70, a trader who cannot leave the stall
    ("我要告诉你们，那天理财经理讲的话我都录了音", "litigation"),
    ("我看网上说存十万送一桶油，你们这还有吗？", "media"),
    ("我是做短视频的，想在你们网点拍一段防诈骗的宣传片，要找谁批？", "media"),
    ("我今年六十八了，身体还算硬朗，可这保险要交到七十多岁，哪来的钱？", "vulnerable"),
    ("我们开小卖部的天天跑银行跑不动，你们能上门收现金吗？", "vulnerable"),
    # round 20, from v43's misses (in other words): a court's deduction told, a worker asking only for himself, one
    # employee of many, a blogger asking to film, a streaming site's fee, unsubscribing, people in general
    ("工资卡里少了两千，银行说是法院扣的，我都不知道有啥官司", "litigation"),
    ("厂里的卡都被冻了，工友们都一样，不过我今天只问我自己的", "group"),
    ("代发系统故障，三百余名员工工资晚到两天，来电客户为员工之一", "group"),
    ("我是做短视频的博主，想在网点拍一期理财科普，需要谁同意？", "media"),
    ("快捷支付自动续费了，在某视频网站每个月被扣会员费，我根本不知道", "media"),
    ("你们天天给我发贷款广告短信，我退订了好几次了", "repeat"),
    ("建议存折上加一行盲文，方便视障人士辨认", "vulnerable"),
    # round 21, from v45's misses (in other words): one victim among many, a fee charged again, a feature of an app,
    # a counter for disabled customers in general
    ("听说那个网点泄露了不少客户信息，我也是受害者之一，天天接到贷款推销电话", "group"),
    ("这已经是第二次被扣年费了，我明明刷够了次数", "repeat"),
    ("手机银行改版以后老人模式找不到了，字又小又密", "vulnerable"),
    ("建议每个网点都设一个给残疾人用的低柜台", "vulnerable"),
    # round 22, from v47's misses (in other words): the bank sends the customer to the central bank, angry words
    # taken back, an heirloom passbook
    ("被老鼠咬了的钱网点不给兑，要我去人民银行，跑那么远，你们不是能兑残缺币吗", "regulator"),
    ("零钱攒了一麻袋，柜员不收，让我去人民银行，我们镇上哪有人民银行？", "regulator"),
    ("征信上多了一条逾期，请你们马上去人行征信中心更正", "regulator"),
    ("我气得想拿刀去你们银行，当然我不会，这只是说说气话，但你们得给个说法", "extreme"),
    ("这本存折是我奶奶留下来的，上面是我的名字，你们凭什么说已经作废了", "vulnerable"),
    # round 23, from v49's misses (in other words): a fit parent, advice given, a form filled in once, the spouse
    # who comes along
    ("我爸今年七十八，身体也还硬朗，他的社保卡我能代他激活吗", "vulnerable"),
    ("你们转账回单上不显示备注，以后打官司怎么当证据？我不是要起诉谁，就是要你们把回单改好", "litigation"),
    ("客户账户被法院冻结，网点已告知其向法院申请解除对工资的冻结", "litigation"),
    ("我只在你们这开户时留过家里的地址，现在骗子都知道我住哪", "repeat"),
    ("你们今天不给办，我明天就搬个凳子坐在大厅，我家那个也一起来", "group"),
    # round 24, from v51's misses (in other words): a bystander, a parent under 70, a platform's ad, a refusal
    # repeated in one call, the bank suing the customer, neighbours who know, others with the same problem, one person
    # speaking for himself
    ("我在你们网点门口看到一个老人家在哭，说钱被骗了，你们保安还赶他走，太过分了", "vulnerable"),
    ("我妈七十岁不到，六十七，腿脚好得很，办个挂失非要子女陪同", "vulnerable"),
    ("你们抖音上的那个广告说开户送礼品，我开了户什么都没有", "media"),
    ("你们理财经理一天打三个电话推保险，我已经说了三次不要了，别再打了", "repeat"),
    ("贷款逾期了两个月，你们的人说要到法院起诉我，我不是不还，是真的没钱", "litigation"),
    ("你们催收打电话到村委会，现在全村都晓得我欠钱了，这让我怎么做人", "group"),
    ("我们村好几家都是这样，贴息说好的到现在没到", "group"),
    ("我一个人来的，不代表其他人，但是我们单位二十多个人工资卡都被扣了年费", "group"),
    # round 25, from v53's misses (in other words): someone met online, the bank sending the customer to the central
    # bank, a couple's joint deposit, a court's deduction
    ("他说只是帮“网友”收了几笔转账，卡就被冻了，这个要怎么解", "media"),
    ("柜员说我这张一百是假的，复核要去人民银行，我上班哪有时间跑", "regulator"),
    ("我和老公来改联名的存单，你们非说要先取出来再存", "group"),
    ("工资卡被法院扣划了，我到现在都不知道是哪个案子", "litigation"),
    # round 26, from v55's misses (in other words): the bank saying a lawsuit is the only way, people queueing, a chat
    # group's members, a customer who says they are not senile, a policy's age, research about older customers, a
    # disavowed complaint to the regulator, a debtor whose parent the collectors ring
    ("转错的五万块对方不退，你们柜员说只能走诉讼，让我自己想办法", "litigation"),
    ("网点就开一个窗口，三十多个人排队等着，里面的柜员还在聊天，太不像话了", "group"),
    ("你们客户经理拉了个理财群，群里有几百人，推的根本不是你们行的产品，你们管不管", "group"),
    ("我才六十出头，又不是老糊涂，你们凭什么不让我自己转账", "vulnerable"),
    ("合同写的是七十岁以后才能领年金，当时销售说六十就能领", "vulnerable"),
    ("你们行说重视服务老年客户，结果自助机连个大字模式都没有", "vulnerable"),
    ("我是不会去投诉什么监管部门的，就想你们把手续费退了", "regulator"),
    ("信用卡逾期了是我不对，可催收天天打电话给我爸，我爸七十五了", "vulnerable"),
    # round 27, from v57's misses (in other words): the family's elders waiting for money, civil-affairs staff, an age
    # range, an app crashing again, the bank sending the customer to the central bank, a collector's 法务公司, sums to
    # withdraw or exchange, a village's grandpa, a threat that says 大家一起
    ("家里老人等着这笔钱做手术，你们冻我卡冻了一个月还不解", "vulnerable"),
    ("我是民政局的工作人员，想问下残疾人补贴能不能由你们代发", "vulnerable"),
    ("我们是老年大学的老师，想带六七十岁的学员来网点学用自助机", "vulnerable"),
    ("气死了，手机银行今天第二次闪退，转账都转不了", "repeat"),
    ("柜员说要去人民银行才能换，残币你们网点就不能收吗", "regulator"),
    ("你们外包的法务公司天天打电话骂人，我要投诉这种催收", "litigation"),
    ("我又不是取一百万，取两万块还得提前一天打电话？", "large_amount"),
    ("我换了三万美元，你们的牌价比别家低了一大截", "large_amount"),
    ("周口一个村的大爷来问，养老金怎么还没到账", "group"),
    ("你们要是再这样催，我就拎着汽油来，大家一起别过了", "group"),
    # round 28, from v59's misses (in other words): a question asked twice in one call, the bank telling a customer to
    # wait outside, places visited or months waited (not people counted)
    ("我问第二遍客服就嫌我烦，说刚才讲过了", "repeat"),
    ("我腿脚挺好，就是柜员让在门口等着，等了半个钟头", "extreme"),
    ("我们跑了三个地方都说办不了，你们到底谁管", "group"),
    ("我们等了三个月，贷款还是没批下来", "group"),
    # round 29, from v61's misses (in other words): a typhoon lifting a roof, a newspaper read in the lobby, the bank's
    # own weibo, a court's request delivered, a customer who will not go to the regulator, others who were cheated
    # read about online, a customer who says nobody complained before
    ("上个月台风把我家房顶掀了，想问问有没有受灾农户的贷款", "extreme"),
    ("等号的时候可以在你们大厅看报纸，谢谢", "media"),
    ("你们官方微博发的那个反诈视频做得不错，我转给我爸妈了", "media"),
    ("您好，这边要送达一份法院的协助执行通知书，请告知对接部门", "litigation"),
    ("我不会去监管局告你们，就是想让你们把这个保险退了", "regulator"),
    ("网上看到好多人都被这个理财坑了，我想问问我买的这个还能不能赎", "group"),
    ("我那几个客人都讲冇投诉过，你们凭什么扣我的钱", "repeat"),
    # round 30, from v63's misses (in other words): a subsidy named 高龄, heirs, neighbours who overheard, another
    # household mentioned in passing, the bank's own court application and lawyer's letter
    ("我是村委会的，想问问给村里发高龄补贴的账户能不能统一开", "vulnerable"),
    ("我们几个继承人去取钱，你们非要所有人到场", "group"),
    ("催收的人在楼下拿喇叭喊我名字，全小区的人都听见了", "group"),
    ("同村另一户也是这个客户经理办的，我先来问问我的利率", "group"),
    ("你们去法院申请拍卖我的房子，也得先跟我说一声吧", "litigation"),
    ("上个月刚打的电话，这个月律师函就到了，你们也太急了", "litigation"),
    # round 31, from v65's misses (in other words): a report that no earlier complaint was made, a video the bank
    # asks for, the bank's own account, a collector shaming a debtor before the village
    ("网点报告：客户在大厅哭闹，该客户此前未就此事投诉过我行", "repeat"),
    ("你们非要我爸拍视频确认身份，他九十岁了哪会弄这个", "media"),
    ("我在你们行的抖音号底下留言问贷款，没人回", "media"),
    ("催收的跑到我老家，当着全村人的面说我欠钱不还", "group"),
    # round 32, from v67's misses (in other words): a first complaint after many visits, farm supplies to stock, the
    # forex office named as where to ask, a namesake in the village, a parent paying a pupil's fees (and 高一 as
    # "one point higher"), a court that found the bank's mistake
    ("我不是第一次来这个网点了，但我是第一次投诉，柜员态度太差", "repeat"),
    ("我想在镇上开个农资店，要进化肥、种子、农药，能贷多少", "extreme"),
    ("打电话问说要去外管局查，外管局说要银行查，到底谁管", "regulator"),
    ("催收的把我当成了同村同名的人，天天打电话骂我", "group"),
    ("我家孩子在武汉读高三，我给他转生活费转不出去", "vulnerable"),
    ("代办点的人说利率比镇上高一个点，我们就存了", "vulnerable"),
    ("说是法院冻的，跑去法院问，法院说是你们银行搞错了人", "litigation"),
    # round 33, from v69's misses (in other words): farm supplies to buy, a customer who will not go online, one who
    # will not bother to sue, a collector's sham law firm
    ("想贷三万块买点农药化肥，我这岁数还能贷吗", "extreme"),
    ("我不会发到网上，也不找记者，你们给个说法就行", "media"),
    ("懒得跟你们打官司，把多扣的钱退给我就算了", "litigation"),
    ("催收电话说要起诉我，我问是哪个律所的，对方就挂了", "litigation"),
    # round 34, from v71's misses (in other words): words said in anger and taken back, a customer who speaks only
    # for themselves, a couple, a stranger met online, a law firm serving a court's papers, a collector's threat
    ("说句气话，真想把你们的柜台掀了，当然我不会真砸，就是憋屈", "extreme"),
    ("我们村好几户都在你们这贷款，不过我只说我自己的事：我的利率比合同高", "group"),
    ("我跟老伴一块来的，两张卡都被锁了，说是长期不用", "group"),
    ("跟一个网友合伙做生意，他转来的钱被说是赃款，我的卡就被冻了", "media"),
    ("我是律师事务所的，受法院委托来送协助执行通知书，该交给哪个部门", "litigation"),
    ("客户称催收公司来电称将起诉并查封房产，情绪激动", "litigation"),
    # round 35, from v73's misses (in other words): a customer who says they are not one to post, a debtor asking
    # whether the bank will sue, a court's deduction or enquiry the bank executes, a sales pitch turned down
    ("我不是那种动不动就发微博的人，就是希望你们改改", "media"),
    ("欠了两万多一时还不上，你们会不会把我起诉？能不能分期", "litigation"),
    ("卡里的三千块被法院划扣了，我想知道是哪个案子", "litigation"),
    ("客户经理一直推销保险，我说了两次不需要，他还打电话来", "repeat"),
    # round 36, from v75's misses (in other words): a collector's threat to the customer's door, evidence for a
    # court, a collector's 移交法院, guardianship at a court, the bank's notary or advice, a stranger online, readers
    # of a post
    ("催收的人说我不还钱就去我家门口泼油漆，这合法吗", "extreme"),
    ("我想打印五年前的流水，要向法院提供证据，柜台能打吗", "litigation"),
    ("收到短信说我的欠款即将移交法院，可我上个月已经还清了", "litigation"),
    ("我爸中风说不了话，你们让我去法院办监护才能取钱", "litigation"),
    ("办抵押要去你们指定的律师事务所公证，收费两千", "litigation"),
    ("钱转错了对方不退，你们只说只能走法律途径", "litigation"),
    ("有人在网上说帮我刷单赚钱，我没理，卡还是被冻了", "media"),
    ("我发到微博上了，已经有几百个人评论说也被多扣了年费", "group"),
    # round 37, from v77's misses (in other words): a scammer posing as the regulator, a rule heard of, the branch
    # pointing to the central bank's service, a suit not worth its cost, a threat taken back
    ("骗子冒充银保监会的人打电话给我，说要帮我注销校园贷，你们的卡是不是泄露了", "regulator"),
    ("听说央行出了新规不能拒收现金，那你们网点凭什么不收零钱", "regulator"),
    ("柜员说这张钞票是假币收走了，说可以向人民银行申请鉴定，我不服", "regulator"),
    ("为了几千块钱打官司不值，你们把多扣的钱退给我就行", "litigation"),
    ("真想一拳把你们的玻璃门砸碎，不过我不会那样做，给我个说法就行", "extreme"),
    # round 38, from v79's misses (in other words): a post seen (睇到, Cantonese), a customer who will not post, a
    # joint letter sent now
    ("喺抖音上睇到有人冒充你哋嘅客户经理卖理财，你哋小心啲", "media"),
    ("我不会上网发帖，就想你们把多扣的年费退给我", "media"),
    ("我们小区二十几个业主联名写了投诉信，附上所有人的合同", "repeat"),
    # round 39, from v81's misses (in other words): telling a caller no several times (讲 for 说), a couple coming in
    ("你们的人天天打电话推销信用卡分期，我讲了好几次不需要，还在打", "repeat"),
    ("我跟我老公两个人今天一起来的，想把定期转到卡上，你们说要预约", "group"),
    # round 40, from v83's misses (in other words): a product's risk grade, old people in general, wintering retirees,
    # the office the branch points to, the regulator's policy in the news, a count within one day, viewers of a stream
    ("这个基金页面上写的是中风险，客户经理却跟我讲跟存款一样稳，这不是误导吗", "vulnerable"),
    ("建议网点别给七八十岁的老人打电话推销理财了", "vulnerable"),
    ("候鸟老人在这边过冬，想给家里汇点钱，柜员问东问西的，搞得我们像骗子", "vulnerable"),
    ("乡里的网点撤了，现在取个钱要坐一个钟头的车，老人家怎么办？", "vulnerable"),
    ("开户材料交齐半个月了，网点每次都讲等人民银行那边审批，到底要等多久", "regulator"),
    ("你们叫我找人民银行，找人民银行又讲找你们，这不是踢皮球吗", "regulator"),
    ("电视上说监管局要求银行给个体户降手续费，你们怎么一分都没降", "regulator"),
    ("手机银行又登不上了，今天第三次了，到底什么时候修好", "repeat"),
    ("买的时候我当时问过两次会不会亏本，客户经理都说不会，现在亏了三成", "repeat"),
    ("客户在网点大厅开直播骂柜员，直播观看人数约两千人，网点已报警", "group"),
    ("大风把房子掀了一半，想申请延期还款，你们要我先拿保险理赔单", "extreme"),
    # round 41, from v85's misses (in other words): the bank's own suit against the customer, one old friend
    ("我的车贷逾期被我行起诉以后已经和解了，按月在还，为什么查封还不解除", "litigation"),
    ("我跟一个老姐妹约好了一起来办，她今天没来，我先把我的存单转了", "group"),
    # round 42, from v87's misses (in other words): others' talk of petitioning, a report to the neighbourhood police,
    # "let everyone see" in a threat, old people in general, the app's elder mode
    ("代发的工资十天没到，工人们扬言要去劳动局投诉，请你们尽快查明退票原因", "extreme"),
    ("客户在大厅吵闹后自行离开，网点已报社区民警备案", "media"),
    ("再把我逼急了，我就在你们门口把事情说清楚，让大家伙评评理", "group"),
    ("存折打印机坏了两个礼拜，老人们只能在柜台排长队", "vulnerable"),
    ("手机银行的老年人模式字还是太小，能不能再调大一点", "vulnerable"),
    # round 43, from v89's misses (in other words): an impostor posing as a court, papers supplied more than once,
    # a relative's words quoted, a trip to a head office that is not a threat, old people in the family's needs, an
    # idiom for one's own carelessness
    ("催收员自称是法院执行局的，说明天来查封，后来我一问根本没这回事", "litigation"),
    ("客户称已多次提交收入证明，贷款审批还是没有下来", "repeat"),
    ("你们的催收天天打电话，我爸说了好几次“不想活了”，你们还在催", "repeat"),
    ("下周我要去总行开会，顺便问一下楼顶那个广告牌谁管", "extreme"),
    ("工资卡被止付了，家里孩子上学、老人看病都等着这笔钱，你们到底什么时候解除", "vulnerable"),
    ("存单上的金额少打了一个零，怪我老眼昏花当时没看清，可你们柜员也没核对", "vulnerable"),
    # round 44, from v91's misses (in other words): a co-branded card in a suggestion, a threat to call the hotline
    ("我们几个同事都办了你们的联名卡，建议积分能换电影票", "group"),
    ("你们再打电话推销，我就打你们的投诉热线", "extreme"),
    # round 46: a husband come along in Cantonese is company; months told as the history of a product are not contacts
    ("我同老公一齐嚟开户，排咗两个钟都未到", "group"),
    ("我阿妈一齐嚟办存折，你哋柜员都唔理佢", "group"),
    ("这个理财三月、六月各付一次息，今年六月那次到现在还没到账", "repeat"),
    # round 47: a quoted priority rule and pregnancy, a customer who will not sue, a collector posing as a law firm, a
    # court appointing a guardian, one customer's own matter, a collector's threat to expose the customer
    ("客户（孕晚期）反映排队太久，大堂经理说“只有老人和残疾人才能优先”", "vulnerable"),
    ("我不跟你们打官司，但这笔手续费必须退给我", "litigation"),
    ("催收员自称某律所的，跑到我单位大声嚷嚷，说我欠钱不还", "litigation"),
    ("想问一下，能不能通过法院指定监护人来帮我父亲取钱", "litigation"),
    ("我们村的人都有意见，不过今天我就说说我自己的事：存折挂失半个月还没补", "group"),
    ("你们的催收说要把我曝光到网上，这合法吗", "media"),
    # round 48: a lawyer or a judge in the family, a unit buying for its staff, a "big one" that is not a crowd, old
    # people at home, an application made twice, an outburst held back
    ("我表姐是律师，她说你们这么收费不对，你们看着办吧", "litigation"),
    ("我父亲是法院退休的老法官，他说这笔违约金收得没道理", "litigation"),
    ("单位集体给员工办的工资卡，年费怎么还要自己交", "group"),
    ("那人临走撂下一句：明天还来，带个大家伙", "group"),
    ("我失业半年了，家里还有老人要养，催收电话能不能别一天打十几个", "vulnerable"),
    ("该客户已两次到网点办理开户，均因材料不全未办成，对此不满", "repeat"),
    ("真想把你们的叫号机砸了，但我忍住了，我是来讲理的", "extreme"),
])
def test_a_convention_keeps_the_factor_off(text: str, flag: str) -> None:
    assert flag not in _flags(text)


@pytest.mark.parametrize(("text", "flag"), [
    ("我今年七十八岁，耳朵也背，柜员说话那么快我听不清，还冲我发脾气", "vulnerable"),
    ("我是坐轮椅的，建议你们门口修个坡道，我每次来都得找人抬", "vulnerable"),
    ("你们再不给我退钱，我就去人民银行投诉你们", "regulator"),
    ("你们行的消保部门不管，我已经打了12378", "regulator"),
    ("你们不解决我就发到小红书上，让大家都看看", "media"),
    ("律师函已经寄出，下个月我就去法院起诉你们", "litigation"),
    ("我们村二十多户都被你们的信贷员骗了，今天一起来讨个说法", "group"),
    ("这是我第三次来反映同一个问题了，你们上次说一周修好", "repeat"),
    ("今天不给我办我就拿汽油来，跟你们同归于尽，我不是开玩笑", "extreme"),
    # round 7
    ("我女儿十二岁，我给她开了个儿童账户，你们却把她的卡开通了网上支付，被扣了三千多", "vulnerable"),
    ("给孩子办张卡，他14岁，要带什么？可以绑微信吗", "vulnerable"),
    ("我儿子欠你们信用卡钱，可催收的人天天上门找我，我都八十二了，心脏还装着支架", "vulnerable"),
    ("我外婆七十八了，被一个穿着你们工作服的人拉到小房间里买了一份存款型保险", "vulnerable"),
    ("我眼睛几乎看不见，拿一叠钱来存，柜员背对着我数完说少一张", "vulnerable"),
    ("你们再不把钱退给我，我明天就去人民银行投诉你们", "regulator"),
    ("法院判决书都下来了，要求解除对我账户的冻结，你们还说要等上级审批", "litigation"),
    ("网点报告：客户用手机拍摄视频并称将上传至网络", "media"),
    ("我已经把全过程写成文章发在我们本地的公众号上了，阅读量一天就过了两万", "media"),
    ("我们是外卖平台的骑手，十二个人的工资卡同一天全被你们限制了非柜面交易", "group"),
    ("我们是幼儿园的家长，每个人都被多扣了一个月的伙食费，家长们建了群，选了三个代表来找你们", "group"),
    ("上周已经来过一次，当时就向你们大堂经理投诉了，到现在也没个回音", "repeat"),
    ("客户来电称：此前已就同一问题向我行反映，借记卡每月被扣短信服务费，至今未退", "repeat"),
    ("窗口的小伙子说我听不懂人话，我跟他说了，下班你别走，我在门口等你", "extreme"),
    ("我已经被你们逼得没有活路了，房子要被拍卖了，我现在就站在桥上，你们看着办吧", "extreme"),
    ("再拖下去我真的想不开了，我所有的积蓄都在你们那个理财里面，说好的保本现在亏了一半", "extreme"),
    ("今天那个大堂经理要是不出来给我老婆当面道歉，我就进去把他那张桌子给掀了", "extreme"),
    ("我摇着轮椅上不去你们的坡道，在门口喊了半天没人出来", "vulnerable"),
    ("催收的把我照片P成遗像发到我们小区业主群里了，我要告他们侵犯名誉权，这事没完", "litigation"),
    ("你们不给我个说法，我就在你们网点门口吊死，让大家都看看", "extreme"),
    ("卡都注销半年了又给我寄新卡收年费，我前后打了三次电话投诉都没人管", "repeat"),
    # round 11, from v25's misses (in other words)
    ("上一次投诉还是年初，你们答应把多收的手续费退回来，现在都年底了", "repeat"),
    ("理财到期赎回的事我在你们App里留言过，到今天没人理", "repeat"),
    ("钱都被骗光了，家里人也不理我了，我真的不想撑了", "extreme"),
    ("反正我已经没什么可以失去的了，你们今天不给我办，后果自负", "extreme"),
    ("我们小区四十来个退休职工的养老金这个月全少了两百，今天一起来问个明白", "group"),
    # round 12, from v28's misses (in other words)
    ("挂失补卡的事我前前后后三番五次找你们，每回都说等通知", "repeat"),
    ("上周我在网点的意见簿上写过一次，取号机还是坏的", "repeat"),
    ("你们再派人来我家门口堵我，我就拿扁担跟他们拼了", "extreme"),
    ("那个理财经理以后别让我在街上看见，见一次打一次", "extreme"),
    ("我刚做完肿瘤手术，你们的催收一天打十几个电话", "vulnerable"),
    # round 13, from v29's misses (in other words)
    ("手机银行转账老是失败，我在App里反馈过两次了，一个回音都没有", "repeat"),
    # round 14, from v31's misses (in other words)
    ("短信服务费的事我在12363投过一次了，回了个电话就没下文了", "repeat"),
    ("我跟你们讲多少遍了，这张卡是我自己的，凭什么不让我用", "repeat"),
    ("网点门口的坡道被电动车堵死了，多次向支行反映都没人管", "repeat"),
    ("存款被骗光了，我活够了，你们看着办", "extreme"),
    ("不把钱还我，我明天就一头扎进你们门口的水塘里", "extreme"),
    ("我爸瘫在床上两年了，你们非要他本人来柜台", "vulnerable"),
    ("我今年七十有三了，耳朵不灵，柜员说话太快我听不清", "vulnerable"),
    # round 15, from v33's misses (in other words)
    ("我耳朵聋了好些年，打你们客服电话只有语音，没法挂失", "vulnerable"),
    ("我拄着拐来的，你们门口十几级台阶连个扶手都没有", "vulnerable"),
    ("网点报告：借款人王某（78岁，独居）被催收人员深夜上门，家属要求停止", "vulnerable"),
    ("我在购物平台的评论区发了吐槽，你们的卡每次付款都提示异常", "media"),
    ("投诉人已在某理财网站发文，称我行销售人员承诺保本", "media"),
    ("卡里三万被转走，我上周就来报过案了，今天又说要等", "repeat"),
    ("12378转办：投诉人曾于今年3月向我行客服投诉，答复为按规定执行，投诉人不认可", "repeat"),
    ("催收员骂我还活着干嘛，我当时真的站到阳台上了", "extreme"),
    ("房子要是被你们拍了，我就在你们大厅点了自己", "extreme"),
    # round 16, from v35's misses (in other words)
    ("热线工单（重复来电）：客户反映代发工资卡被限制非柜面交易，至今未解除", "repeat"),
    ("金融监管局转办（重复件）：投诉人称其购买的理财产品亏损，要求赔偿", "repeat"),
    ("投诉人已于3月向我行客服投诉，答复为按规定办理，投诉人不认可", "repeat"),
    ("你们再拖着不给解冻，我就揣把刀到你们网点去", "extreme"),
    ("我妈天天说自己活着也是拖累，都是被你们这个保险害的", "extreme"),
    ("今天不给我们办明白，谁也别想走", "extreme"),
    ("这事我已经发到本地的网络问政平台上了，你们看着办", "media"),
    ("我们是本地电台的节目组，想请你们负责人上节目回应网点撤并的事", "media"),
    ("我爸瘫在炕上好几年了，你们非让他本人来柜台", "vulnerable"),
    ("俺今年八十好几了，卡被机器吞了也没人管", "vulnerable"),
    ("老头子八十一了，他自己来不了，我拿他身份证能替他买国债吗？", "vulnerable"),
    # round 17, from v37's misses (in other words)
    ("为了定期提前支取少算的利息，我找过你们两回了，每回都说在查", "repeat"),
    ("手续费的事我跟你们说过好多次了，还是照扣不误", "repeat"),
    ("再这么催下去，我就去你们网点门口跟那个客户经理拼了", "extreme"),
    ("存折取不出钱，我家里还有半瓶敌敌畏，你们看着办", "extreme"),
    ("幺二三七八转办：投诉人称其信用卡年费被重复收取", "regulator"),
    ("我是个瞎子，你们的手机银行验证码只能看图，我没法转账", "vulnerable"),
    ("我妈都起不来床了，你们还非要她本人到柜台签字", "vulnerable"),
    ("客户投诉：其父亲（83岁）作为担保人收到我行催收函，家属要求停止催收", "vulnerable"),
    # round 18, from v39's misses (in other words)
    ("上回来说三天就能解冻，今天又说还要等", "repeat"),
    ("上个月就反映了，你们那台存款机还是天天吞钱", "repeat"),
    ("我前年打12363投诉的那个事，你们说处理了，到现在也没个结果", "repeat"),
    ("他再上门来催，我就拿扁担把他打出去", "extreme"),
    ("不给解冻我就在你们大厅躺着不走了，饿死拉倒", "extreme"),
    ("今天有几十口子人堵在网点门口讨说法，都是买了那个理财的", "group"),
    ("客户在朋友圈及多个微信群发布网点排队的视频，要求支行道歉", "media"),
    ("我儿子刚满十五了，能自己来开个银行卡吗？", "vulnerable"),
    ("我舅舅八十一了，存折密码忘了，我能替他来办吗", "vulnerable"),
    ("我妈脑子不太清楚了，卡被吞了你们非要她本人来", "vulnerable"),
    # round 19, from v41's misses (in other words)
    ("你们再这样逼我，明天就来网点给我收尸吧", "extreme"),
    ("催收再敢上我家门，出了人命你们负责", "extreme"),
    ("再打电话骚扰我爸妈，下一刀就不是冲我自己了", "extreme"),
    ("我被逼得在卫生间用刀片划伤自己，你们还在发催收短信", "extreme"),
    ("存款再不解冻，我就拿根绳子吊在你们门口", "extreme"),
    ("这是我写给行长信箱的第三封信了，一直没人回", "repeat"),
    ("前几封邮件你们都没回，这次我抄送分行消保部门", "repeat"),
    ("我要告你们，这个理财经理说的话我都录了音", "litigation"),
    ("我七十二了，腿脚不好，跑一趟银行要歇三回，这手续非要我本人来", "vulnerable"),
    # round 20, from v43's misses (in other words)
    ("我就是拼了这条老命，也要把这二十万要回来", "extreme"),
    ("网点报告：客户持刀在大厅威胁理财经理，已报警", "extreme"),
    ("ATM吞了我的卡，我打了三回电话反映，到现在没人来", "repeat"),
    ("闺女刚上小学，想给她办张儿童卡存压岁钱", "vulnerable"),
    ("我是视障人士，你们的APP读屏软件读不出按钮", "vulnerable"),
    ("我们厂十几个工友一起来的，工资卡都被冻了", "group"),
    # round 21, from v45's misses (in other words)
    ("你哋再唔解决，我就打一二三七八投诉你哋", "regulator"),
    ("我哋几个街坊一齐嚟嘅，你哋个收款码成个礼拜都冇到账", "group"),
    ("公众号把我的留言删了，那我就去别的平台发，让大家评评理", "media"),
    ("存单到期利息少了一半，我今天就死在银行里", "extreme"),
    # round 22, from v47's misses (in other words)
    ("再不给我解封，我叫上人来把你们那个主任打一顿", "extreme"),
    ("客服态度太差，我已经把通话录音放到网上了，大家评评理", "media"),
    # round 23, from v49's misses (in other words)
    ("俺娘八十好几了，存折上的字看不清，你们能不能给打印大一点", "vulnerable"),
    ("我替我姥爷问一下，他在老家，九十一了，养老金卡能不能让我代取", "vulnerable"),
    ("俺们几户的土地补偿款都被你们扣了，谁同意的？", "group"),
    ("商户代表五人上午共同来到网点，反映收单资金迟迟不到账", "group"),
    ("柜员骂人的全过程我已经拍了视频，明天不道歉我就发出去", "media"),
    ("那台存取款机已经两次报修了还是吞卡，你们到底修不修", "repeat"),
    ("客户此前已两次来行反映扣费问题，今天再次到网点", "repeat"),
    ("监管局转来的二次转办件：投诉人对该行的首次答复仍不满意", "repeat"),
    ("投诉人对银行的答复不满，再次向监管部门投诉", "repeat"),
    # round 24, from v51's misses (in other words)
    ("银行已经败诉了，判决书都生效了，你们还不给我解冻账户", "litigation"),
    ("我认识一个做自媒体的朋友，你们再不处理我就请他做一期视频讲讲这事", "media"),
    ("客户此前已两次到支行要求撤销这笔扣费，仍未处理", "repeat"),
    ("客服说上回的工单已经关闭了，让我重新提交，我都打了三遍了", "repeat"),
    ("转办件：投诉人此前已向该行投诉，对答复不满，请核查", "repeat"),
    # round 25, from v53's misses (in other words)
    ("你们门口的台阶结了冰，我在那滑了一跤，八十一了哪经得起这样摔", "vulnerable"),
    ("网点报告：约十五名来自同一工地的钢筋工一同前来，反映工资卡被止付", "group"),
    ("他说上周已经打过投诉电话，到现在没人回", "repeat"),
    ("这是客户第二次就该问题来电，仍要求退还年费", "repeat"),
    # round 26, from v55's misses (in other words)
    ("你们催收的天天上门，说我爸是担保人不还就要坐牢，我爸都七十六了", "vulnerable"),
    ("俺阿婆八十一，上个月在你们门口被人骗着把社保卡换走了", "vulnerable"),
    ("客户在12378投诉后又拨打了我行热线，要求退还年费", "repeat"),
    ("我已经给你们发了两封邮件了，没有一个人回复", "repeat"),
    ("这事我不是第一次反映了，你们一直拖着", "repeat"),
    ("我已经把截图发到我们县的公众号上去了，你们看着办", "media"),
    ("用户已在投诉平台发布投诉帖，附有转账截图", "media"),
    ("你们把我的征信弄成这样，我活着有什么意思，你们等着", "extreme"),
    # round 27, from v57's misses (in other words)
    ("我是网格员，辖区里有位独居老人，八十三岁，这几天老往你们网点跑，麻烦留意", "vulnerable"),
    ("我代表小区里四十多户业主来反映，电梯维修资金被你们划走了", "group"),
    ("今天厂里来了二十多口子工人，都来问工资卡上被扣的钱去哪了，你们得给个说法", "group"),
    ("我已经先后两次到网点要求更正征信，到现在还没改", "repeat"),
    ("我把你们柜员骂人的录音发朋友圈了，大家都在问是哪家银行", "media"),
    ("他老说钱没了活着还有什么意思，昨晚一个人在桥上站了很久", "extreme"),
    # round 28, from v59's misses (in other words)
    ("我视力不行，是带着导盲犬来的，保安硬是不让进", "vulnerable"),
    ("楼下住着一个老爷子，九十多了，托我问问他的存单怎么续存", "vulnerable"),
    ("我阿妈妮八十一了，你们柜员非要她本人签字", "vulnerable"),
    ("这事我已经三次向客服投诉了，到现在没人回电话", "repeat"),
    ("我们二十多个债务人都被这家催收公司骚扰过，要求贵行停止合作", "group"),
    ("你们柜员骂人的视频已经在网上传开了，看你们怎么解释", "media"),
    ("钱要不回来，我大不了把命搭上，跟你们耗到底", "extreme"),
    # round 29, from v61's misses (in other words)
    ("我女儿是孤独症，柜员非要她本人说话才给办，她根本不会说", "vulnerable"),
    ("我阿妈八十了，手机银行的字太小她看不清", "vulnerable"),
    ("我在意见簿上写了两次意见簿都写满了，ATM还是坏的", "repeat"),
    ("这个扣费我当时就投诉过，你们说会退，到现在没退", "repeat"),
    ("我打过你们客服好几次，每次都说在处理", "repeat"),
    ("你们再逼我还钱，我这条命也不要了", "extreme"),
    ("你们敢来收我的房子，我就死在屋里给你们看", "extreme"),
    ("一个老大爷用拐杖砸了你们的叫号机，说再不给钱就砸人", "extreme"),
    # round 30, from v63's misses (in other words)
    ("我阿帕八十了，柜台能不能给她搬把椅子", "vulnerable"),
    ("你们再派人来我家，我就放狗咬他", "extreme"),
    ("那个客户经理再敢上门，下次我拿棍子等着他", "extreme"),
    ("你们真敢收房，我就带着老婆孩子死在屋里", "extreme"),
    ("今天村里来了十来户，要你们当面把账对清楚", "group"),
    ("话费一直没到，我要在微博上说说，提醒大家别上当", "media"),
    # round 31, from v65's misses (in other words)
    ("我孃孃七十五了，柜员非要她自己在平板上签字，她根本看不清", "vulnerable"),
    ("我在读高一，卡被ATM吞了，网点说要家长来才能办", "vulnerable"),
    ("这是我的第五封邮件，前四封都只收到自动回复", "repeat"),
    ("我是第二次就这件事写信了，上次说一周到账，现在还没到", "repeat"),
    ("催收的再敢上门吓我老婆，我就拿砍刀出去", "extreme"),
    # round 32, from v67's misses (in other words)
    ("你们要是把我逼急了，我什么事都干得出来", "extreme"),
    ("再来收房，到时候别怪我手里的东西不长眼", "extreme"),
    ("前两个月已电话投诉，客服说退，到现在只退了一笔", "repeat"),
    ("我今年十六，在读高一，能不能自己开卡", "vulnerable"),
    # round 33, from v69's misses (in other words)
    ("厂子没了我也不活了，你们自己看着办", "extreme"),
    ("我已经发了朋友圈，好多人都在转", "media"),
    ("为了这张冻结的卡我已经来过三次，每次都说等通知", "repeat"),
    ("存款机吞钱第一回我投诉了，说修好了，这回又吞", "repeat"),
    ("去年我就写信提过门口没有坡道，到现在也没修", "repeat"),
    # round 35, from v73's misses (in other words)
    ("你们再敢打电话去我妈那里，我就提刀上门", "extreme"),
    ("钱要是追不回来，我让你们经理偿命", "extreme"),
    ("客户在大厅掏出一把折叠刀，保安已控制", "extreme"),
    ("谁敢把我赶出去，我就拿这桶东西泼谁", "extreme"),
    ("我刚发了条朋友圈，说你们网点中午关窗口", "media"),
    # round 36, from v75's misses (in other words)
    ("再这么对我，我就找人来收拾他", "extreme"),
    # round 37, from v77's misses (in other words)
    ("征信的错记录如贵行十日内仍不更正将向法院起诉", "litigation"),
    ("聊天记录我都留着，再不退年费就全部公之于众", "media"),
    ("催收一天打二十个电话，我现在真的很想死", "extreme"),
    ("你们再逼我，我就抱着娃一起去见她爸", "extreme"),
    ("我现在就在楼顶站着，你们再打电话我就不下来了", "extreme"),
    # round 38, from v79's misses (in other words)
    ("催收再这样逼，这笔钱还不上我只能去死", "extreme"),
    ("那个保安再推我，下次碰到我就教训他一顿", "extreme"),
    ("我上个月写了一封投诉信，到现在都没人回复", "repeat"),
    ("我们是镇上做批发的八家商户，收款码的结算被你们拖了一个礼拜", "group"),
    ("你们再不处理，我今天就打监管的电话", "regulator"),
    # round 39, from v81's misses (in other words)
    ("你们敢把我的铺面收走，我就在铺面里点把火，大家一起烧", "extreme"),
    ("那个催收员再敢上门，我非打得他住院不可", "extreme"),
    ("我是拍短视频的，有五万多粉丝，你们再不退这笔手续费我就做一期视频", "media"),
    ("我们是城东菜市场的十几名摊主，收款码的钱三天没到账了", "group"),
    ("我屋里老倌子八十二了，养老金这个月一直冇到账，你们查一下", "vulnerable"),
    ("我爸一个人住，人也糊涂了，存折被人拿走了你们能不能帮着挂失", "vulnerable"),
    # round 40, from v83's misses (in other words)
    ("那个催收员我记住他名字了，哪天碰到他我饶不了他", "extreme"),
    ("保安刚才推了我爸一把，我就在门口等他下班，看他出不出来", "extreme"),
    ("你们的人敢去我老家找我爹妈，我就让你们的人回不来", "extreme"),
    ("客户说这几天就想着去找那个客户经理算账，他知道那人住哪", "extreme"),
    ("村里果业合作社的会长带着二十名社员来网点，收购款被冻结取不出来", "group"),
    ("网点报告：今日共有六名客户拿着同一款理财的合同来网点，要求银行兑付", "group"),
    # round 41, from v85's misses (in other words)
    ("你们再这样对我，我真不敢保证自己会干出什么事来", "extreme"),
    ("我妈要是因为你们的催收有个三长两短，我第一个找你们算", "extreme"),
    ("他敢上我家门口来闹，我就去他单位找他，坐牢我也认了", "extreme"),
    ("你们再骂我残废，我就摇着轮椅冲到马路上去，让大家都看看", "extreme"),
    ("我们五个老姐妹都在你们这儿存了定期，到期了说是保险，今天一块来要说法", "group"),
    ("网点报告：上午约二十名老年客户在大厅要求退还年金保险，称当初讲的是存款", "group"),
    ("我此前已两次向该网点投诉，一直没有答复，这是第三次", "repeat"),
    ("客户称上个月已就此事投诉过，催收电话仍然不断", "repeat"),
    ("如果月底前再没有合理答复，我将向银行业消费者权益保护部门投诉", "regulator"),
    ("我把排队两小时的经过拍了视频，发在我们小区的公众号上了", "media"),
    # round 42, from v87's misses (in other words)
    ("再有人上门催债，我见一个打一个，说到做到", "extreme"),
    ("你们再这么逼我，我家里有刀，别怪我不客气", "extreme"),
    ("区金融纠纷调解中心转来：客户称购买理财时未被告知风险，要求赔偿本金损失", "regulator"),
    ("这个事我跟你们说第五遍了，存单到期的钱还是转不出来", "repeat"),
    ("我这是第三回来找你们了，挂失补办的存折还是没办好，每次要的材料都不一样", "repeat"),
    ("我妈七十出头了，眼睛不好，想问能不能让我代她把定期转出来", "vulnerable"),
    ("我外婆住院以后意识不太清楚，她存折上的钱家属要怎么取？", "vulnerable"),
    ("我母亲已七十三岁，被人冒名办了一张信用卡，现在天天有人打电话催收", "vulnerable"),
    # round 43, from v89's misses (in other words); the first two reverse round 35's reading of v73: a court's letter
    # or call about a case is litigation, v6's convention as v87's and v89's authors (and the round-43 briefs) read it
    ("市中级人民法院来函，请协助查询某账户的开户信息", "litigation"),
    ("某县人民法院执行局来函：请贵行协助冻结被执行人王某名下账户内的存款", "litigation"),
    ("您好，我是某区人民法院的书记员，想确认贵行是否已收到我院的协助查询通知书", "litigation"),
    ("我和你们的官司已经进入诉讼程序了，下周三开庭，你们的人还在天天打电话", "litigation"),
    ("那个理财经理害我亏了八万，我知道他住在哪个小区，这事没完", "extreme"),
    ("钱要不回来，我今晚就去江边那座大桥上站着", "extreme"),
    ("网点报告：客户在柜台前情绪失控，推搡了柜员，被保安拉开", "extreme"),
    ("他说他身上绑了东西，谁靠近就点着", "extreme"),
    ("又是我，还是那张信用卡年费的事，上次说会退，到现在也没退", "repeat"),
    ("我上个月就打客服说过了，存折密码重置不了，现在还是不行", "repeat"),
    ("12378转办：投诉人此前已向该支行投诉，支行答复不予退费，投诉人不认可", "repeat"),
    # round 44, from v91's misses (in other words)
    ("我们这栋楼的几户业主联名建议：网点门口的坡道能不能修缓一点", "group"),
    ("小区业委会代表全体业主建议，物业维修资金账户每月给业主发一次对账短信", "group"),
    ("投诉编号我都记着，上个月说两周内给答复，到今天也没人联系我", "repeat"),
    ("我已于本月三日就此事投诉一次，你们答复说按规定办，我不接受", "repeat"),
    ("我上礼拜就打过电话说年费多扣了，到现在也没退", "repeat"),
    ("我打过三次客服，每次都说会反馈，到现在手机银行还是登不上", "repeat"),
    ("网点报告：客户因排队与保安争执，将保安推倒在地后离开，已报警", "extreme"),
    ("客户在大厅踢了保安一脚，还把宣传架砸了", "extreme"),
    ("你再往前走一步，我就打你", "extreme"),
    ("我是残疾人，右腿截肢，你们网点的台阶我上不去", "vulnerable"),
    ("我弟弟有精神分裂症，他的存折被人骗着取了钱，你们柜员也不问一声", "vulnerable"),
    ("再不给我退，我要让全国人都知道你们是怎么对待储户的", "media"),
    # round 45, from v93's misses (in other words)
    ("网点报告：一名男子与大堂经理口角后挥拳打伤其面部，已报警", "extreme"),
    ("客户嫌办得慢，隔着玻璃用拳头猛砸，玻璃出现裂痕", "extreme"),
    ("视频最后他站在高楼天台边缘，说钱不退就从这儿下去", "extreme"),
    ("客户来电说在江边坐了一整晚，钱要是追不回来，就不回家了", "extreme"),
    ("她说化疗也停了，反正钱都让你们扣光了", "extreme"),
    ("我二月份书面提的异议，三月又投诉催了，到现在信用报告上还是那条记录", "repeat"),
    ("投诉人曾于去年八月、今年三月两次到支行书面投诉，均未获答复", "repeat"),
    ("我们街道三十多位老人商量后写了这份建议，希望网点上午多开一个窗口", "group"),
    ("市个体劳动者协会代表四十多家会员提出建议，希望小微贷款续贷不用每年重新抵押", "group"),
    ("区人民法院执行局函：请贵行协助扣划被执行人账户存款", "litigation"),
    # round 46, from v95's misses (in other words): a knife or a "tool" named in dialect or veiled, a dispute-mediation
    # centre's letter, a crowd come in Cantonese, a suggestion from several, earlier complaints told by dates or place
    ("佢话听日揸住把刀嚟揾你哋经理", "extreme"),
    ("下次再来我会带上家伙，你们看着办", "extreme"),
    ("我死了你们一个都跑不掉，这钱今天必须退", "extreme"),
    ("金融纠纷调解中心来函，客户投诉我行理财经理销售时承诺保本，现亏损百分之二十，请核实处理", "regulator"),
    ("我哋成条街嘅档主一齐嚟揾你哋行长，要讲清楚收款码手续费点解加价", "group"),
    ("小区里几个带娃的家长建议周末多开一个窗口", "group"),
    ("上回来你们这儿投诉，是十月九号，卡被锁的事到现在也没人管", "repeat"),
    ("我五月就在“意见反馈”里提过，App转账老是闪退，现在还是一样", "repeat"),
    ("打了三回电话了，七月、九月、十月，都说在处理", "repeat"),
    # round 47, from v97's misses (in other words): earlier contacts told in everyday words, threats told by what is
    # prepared or by a relative, a joint suggestion agreed among a few, an age told as a lament, a named mental illness
    ("半个月前我就来反映过，存折补登机一直吞折子，到现在还没修", "repeat"),
    ("我跟你们说过别再打了，你们还打", "repeat"),
    ("我已经打过好几次电话了，每次都说在处理，卡还是冻着", "repeat"),
    ("12378转回我行后支行只发了条短信，客户对答复不认可，今日来访", "repeat"),
    ("先后于三月、五月两次到网点反映，都说等通知", "repeat"),
    ("他说农药已经买好了，就放在床底下，钱不退就喝", "extreme"),
    ("我哥说了，贷款再不批他就拿菜刀去找那个信贷员", "extreme"),
    ("你们再逼我，我这条老命跟你们耗到底", "extreme"),
    ("我们几个退休的老邻居商量好了，建议网点加装一个扶手", "group"),
    ("客户经理把这款理财卖给我舅，八十三的人了，看得懂什么净值", "vulnerable"),
    ("我丈夫有躁郁症，发病时在你们App上借了五万，你们怎么不审核", "vulnerable"),
    # round 48, from v99's misses (in other words): a complaint already phoned in or made on a date, visits counted,
    # violence and damage reported after the fact, a threat told by a high place, firms suggesting jointly, an owners'
    # committee's lawyer, households sending one of them
    ("这事我已经致电投诉过一次了，说三天回复，到今天也没动静", "repeat"),
    ("卡被锁一个月了，我已经两次到你们网点问过，每次都说等通知", "repeat"),
    ("本人已就该笔扣款于八月向贵行客服中心投诉，至今没有答复", "repeat"),
    ("客户因贷款被拒，把一杯开水泼向柜员，已报警", "extreme"),
    ("那名男子把大厅的取号机砸坏了，还推搡了上前阻拦的保安", "extreme"),
    ("网点报告：一男子在支行外墙上泼红油漆，写着还钱", "extreme"),
    ("她说再不给退，就找个高楼站上去，让大家都看看", "extreme"),
    ("我们三家物流公司联合提个建议：对公转账能否延长到晚上八点", "group"),
    ("律所受某小区业委会委托，就维修资金被挪用一事致函贵行", "group"),
    ("村里几户派我来讨个说法，补贴拖了三个月还没到账，太不像话了", "group"),
])
def test_the_factor_still_rises_beside_its_convention(text: str, flag: str) -> None:
    assert flag in _flags(text)


@pytest.mark.parametrize("text", [
    "信用卡额度被你们从五万降到三千，一条短信都没有",  # a limit moved
    "我欠你们信用卡两万多，我没说不还，可催收天天骂人",  # a debt owned up to
    "我在你们行有一百多万存款，办个业务还要排普通号",  # a balance held
    # round 12, from v28's misses (in other words)
    "经营贷的额度从五十万一下砍到十万，连个电话都没打",  # a limit moved
    "镇上搞整村授信，说每户授信三万，去用的时候又说过期了",  # a credit line granted
    "手机银行每天只能转一万，我给老家盖房要转五万得分好几天",  # a limit, and a transfer the customer means to make
    "网点宣传存十万送一袋米，存完才知道是买了保险",  # a promotion's threshold
    "信用卡逾期了三万多，催收员天天给我单位打电话",  # a debt stated
    # round 13, from v29's misses (in other words)
    "在App上预约了八万现金，到了网点说钱没备好，让我改天再来",  # a withdrawal booked
    "在柜台取三万块给孩子交学费，柜员盘问了半天用途",  # a withdrawal as the errand
    # round 14, from v31's misses (in other words)
    "上周去取五万块给儿子买车，柜员非要我写用途说明",  # a withdrawal as the errand
    "客户在网点取现8万元，被要求出示资金用途证明，认为侵犯隐私",  # a withdrawal as the errand
    # round 15, from v33's misses (in other words)
    "持存折到支行取款五万元，柜员要求子女到场才给办",  # a withdrawal as the errand
    "理财想赎回两万块，App提示超过当日赎回额度",  # a redemption the customer means to make
    "短信说我有三万元备用金额度，我回了个字就直接到账计息了",  # a credit line offered
    "经营贷续贷前三天突然要我先还清八十万才能再批",  # a repayment demanded of a borrower
    # round 21, from v45's misses (in other words)
    "账户被降成二类户，每天只可以转一万，生意根本周转不开",  # a limit the customer runs into
    # round 22, from v47's misses (in other words)
    "申请把转账限额调高到五万，网点要我提供一堆合同",  # a limit moved
    "三年前的消费贷六万早就还清了，征信上还挂着逾期",  # a loan repaid
    # round 23, from v49's misses (in other words)
    "现在取两万块都要提前预约，我取自己的钱还得等",  # a bank rule's threshold
    # round 24, from v51's misses (in other words)
    "今天来取三万块给女儿交学费，柜员盘问了半天用途",  # a withdrawal the customer means to make
    # round 33, from v69's misses (in other words)
    "短信说恭喜我获得十万元备用金，点进去就是贷款广告",  # a credit line offered
    # round 45: the clerk's fraud check is not a fraud told
    "今天来取四万块给孙子交学费，柜员一直问是不是被骗了，我自己的钱还要审",  # a suspicion voiced
    "来取五万块，柜员说是防诈骗要问清楚，问了半小时",  # the bank's fraud checks
])
def test_amounts_that_are_not_in_dispute_do_not_make_a_large_amount(text: str) -> None:
    assert "large_amount" not in _flags(text)
    assert any(amount.condition for amount in find_amounts(text))


@pytest.mark.parametrize("text", [
    "信用卡被人盗刷了两万元，你们说要我自己报警",
    "催收说我欠你们信用卡一万二，我根本没办过信用卡",  # a debt the customer denies is in dispute
    "我卡里十二万存款转到了骗子的账户，柜员一句都没问",  # savings lost, not a balance held
    "我的卡一直在身上，却在外地ATM被取现两万元",  # money someone else withdrew
    "对公账户被限制非柜面，员工工资二十六万发不出去，谁来负责",  # a payroll held up, not an income stated
    # round 45, from v93's misses (in other words): cash an old customer was talked into withdrawing for a fraudster
    "我爸八十一岁，在你们柜台取款六万元交给一个冒充民警的人，柜员一句都没多问",
    "网点报告：一位老太太来取三万元，说要给出事的外孙交押金，事后家属称系诈骗，质问网点为何不拦",
])
def test_money_in_dispute_still_is_a_large_amount(text: str) -> None:
    assert "large_amount" in _flags(text)


def test_reward_points_are_not_money() -> None:
    assert "large_amount" not in _flags("信用卡积分一夜清零，三万多积分说没就没，再不恢复我就去投诉")
    text = "信用卡年费说好消费满积分10万分就免，结果照扣不误"
    assert find_amounts(text) == ()
    assert "large_amount" not in _flags(text)
    assert [amount.text for amount in find_amounts("信用卡年费被扣了1万元，说好积分够了就免")] == ["1万元"]


def test_viewers_of_a_live_stream_are_not_complainants_in_person() -> None:
    streamed = "客户在网点大厅开直播骂柜员，直播间在线约八百人"
    assert find_counts(streamed) == ()
    assert not assess_risk(classify(streamed)).major
    came = "约八百人聚集在网点大厅，要求兑付"
    assert [count.count for count in find_counts(came)] == [800]
    assert assess_risk(classify(came)).major


@pytest.mark.parametrize("text", [
    "要办房贷，客户经理要我在你们行存够二十万定期存一年，说是综合贡献度，这合理吗？",
    "办房贷的时候非要我在你们行开张信用卡，还要存两万定期提高综合评分，不开不存就说审批难过",
])
def test_a_deposit_the_bank_demands_as_a_condition_is_not_money_in_dispute(text: str) -> None:
    assert "large_amount" not in _flags(text)
    assert any(amount.condition for amount in find_amounts(text))


@pytest.mark.parametrize("text", [
    "工程款保函到期了，我们申请注销，十二万保证金一直不退，说要等受益人把保函原件寄回来",
    "我去存五万块现金，机器吞了钱说交易失败，账上也没有",
])
def test_a_deposit_withheld_or_lost_is_still_money_in_dispute(text: str) -> None:
    assert "large_amount" in _flags(text)


@pytest.mark.parametrize("text", [
    "欠了你们行消费贷六万，你们的催收说如果我不还，就把我的欠款信息发到抖音上让大家都看看，这犯法吧？",
    "12378转办：投诉人称其信用卡欠款约6.8万元，因经营失败无力偿还，多次申请个性化分期均被拒绝",
    "你们的外币兑换业务太麻烦了，我想换两千欧元，到了网点说欧元现钞不够",
    # round 29: a sum the customer changes at the counter, a shop's turnover
    "柜台的美元价比网上贵，我就换三千美元也要多花好几十",
    "收款码的费率悄悄涨了，我一个月流水大概二十万，你们连个短信都不发",
])
def test_a_debt_owned_up_to_or_money_to_exchange_is_not_in_dispute(text: str) -> None:
    assert "large_amount" not in _flags(text)
    assert all(amount.condition for amount in find_amounts(text))


@pytest.mark.parametrize("text", [
    "我母亲的信用卡早不用了，现在冒出来欠款一万二，催收天天往家里打电话，那卡根本不是她在用",
    "12378转办：投诉人称其名下我行信用卡系他人冒名办理，已产生欠款2.3万元并被催收，要求撤销欠款",
])
def test_a_debt_the_customer_denies_is_in_dispute(text: str) -> None:
    assert "large_amount" in _flags(text)
