package privacy

import "strings"

// firstNames are common given names. A capitalised word at the start of
// a sentence is a name only if it is one of these ("Maria was admitted"),
// since "Diabetes was diagnosed" has the same shape. Words that are also
// common English words (Will, May, Hope, Grace) are left out.
var firstNames = set(strings.Fields(`
aaron abdul abigail adam adrian ahmed aisha alan albert alberto alejandro alex alexander alexandra alexis
alice alicia alison amanda amber amelia amir amy ana andrea andrew andres angela angelica anita ann anna
anne annie anthony antonio arjun arthur ashley audrey ava barbara beatriz benjamin betty beverly brandon
brenda brian brittany bruce bryan caitlin camila carl carla carlos carmen carol caroline carolyn catherine
charles charlotte chen cheryl chloe christian christina christine christopher cindy claire clara claudia
craig cristina cynthia daniel daniela danielle david deborah debra dennis derek diana diane diego dimitri
dmitri donald donna doris dorothy douglas dylan edward elaine eleanor elijah elizabeth ella ellen emily
emma eric erica erin esther ethan eugene eva evelyn fatima felipe fernando fiona frances francesca
francisco frank gabriel gabriela gary george gerald gloria gregory hannah harold harry heather helen
henry hiroshi hugo ian irene isaac isabel isabella jack jacob james jamie jane janet janice jasmine jason
javier jean jeffrey jennifer jeremy jerry jesse jessica joan joanne joe john jonathan jorge jose joseph
joshua joyce juan judith judy julia julie justin karen karim katherine kathleen kathryn kathy katie kayla
keith kelly kenneth kevin kim kimberly kyle larry laura lauren leah leila lin linda lisa lois lorenzo
louis louise lucas lucia lucy luis luke madison manuel marco margaret maria marie marilyn mario marisol
martha martin mary matthew megan melissa mia michael michelle miguel mohammed muhammad nancy natalie
nathan nicholas nicole noah nora olivia omar oscar pablo pamela patricia patrick paul paula peter philip
priya rachel rafael rahul ralph randy raul raymond rebecca ricardo richard robert roberto roger ronald
rosa ruth ryan samantha samuel sandra sara sarah scott sean sharon shirley sofia sophia stephanie stephen
steven susan taylor teresa theresa thomas timothy tyler valerie vanessa victor victoria vincent walter
wayne wei william xavier yasmin yuki yusuf zachary zoe
tom tim bob jim jimmy mike dave steve ben dan nick tony jon ken ron don liz beth kate meg jen jess chris
olga ivan igor sergei natasha svetlana ali hassan hussein mohamed ahmad nadia rania layla amina kwame
kofi chinedu ngozi thabo sipho hana mei ming kenji akira minh linh anh raj ravi anil sunita deepa pooja
neha amit vikram sanjay guadalupe lupita juana alejandra ximena valentina mateo santiago sebastian
leonardo thiago joao tiago ines marta pedro giulia giovanni luca sven lars ingrid astrid erik hans klaus
heidi greta pierre jacques sophie camille margot aoife siobhan liam niamh connor declan moira callum
agnes mildred edna ethel gladys herbert clarence norma gertrude bernard stanley howard marjorie vera
wanda lorraine pauline rita gwen tomas tomás maría josé jesús
`)...)

// stopWords are capitalised words that are not names in health text:
// sentence openers, places' first words, institutions, roles and
// common nouns of headings.
var stopWords = set(strings.Fields(`
a about after again all also although always an and another any anyone are as at be because before being
both but by can could did do does during each early either even every everyone everybody few for from
had has have he her here hers him his how however i if in into is it its just last later less many may
me might more most much must my neither never new next no nobody none nor not now of off often on once
one only or other others our out over own per please rather same several she should since so some
someone somebody still such than that the their them then there these they this those though through
thus to today tomorrow too under until up upon us very was we were what when where whether which while
who whom whose why will with within without would yes yesterday yet you your
monday tuesday wednesday thursday friday saturday sunday
patient patients client clients doctor doctors nurse nurses dr physician physicians surgeon dentist
team staff people person adults adult children child kids kid men women man woman baby babies parents
parent mom mum dad mother father family families grandma grandpa grandmother grandfather teens teen
clinic hospital center centre health medical medicine institute university college foundation association
society department services service care network system group school academy council agency
administration organization organisation trust board office practice pharmacy laboratory lab
north south east west northern southern eastern western new san los las santa saint st fort mount port
united great royal national american america british canadian european world global international federal
state county city general central regional community public private
january february march april june july august september october november december
type stage grade level phase part step section chapter table figure appendix note notes tip tips
vitamin covid flu influenza cancer diabetes heart blood
johns hopkins mayo cleveland kaiser medicare medicaid
god lord christmas easter thanksgiving ramadan
`)...)

// eponyms are people's names that live on as names of diseases and
// signs. They are never a patient's name, with or without "'s".
var eponyms = set(strings.Fields(`
parkinson crohn alzheimer hashimoto graves grave hodgkin tourette bell addison cushing raynaud down asperger
huntington gehrig sjogren sjögren guillain barre barré meniere ménière paget hirschsprung osgood schlatter
peyronie dupuytren marfan turner klinefelter tay sachs lyme epstein barr kaposi ewing wilms burkitt reye
legionnaires creutzfeldt jakob stevens behcet behçet conn wernicke korsakoff baker morton achilles heberden
bouchard osler whipple fabry gaucher pompe niemann pick lewy sever tietze charcot munchausen münchausen
rett angelman prader willi noonan duchenne becker legg perthes scheuermann takayasu wegener zollinger ellison
apgar heimlich pap kegel epley valsalva glasgow braxton hicks fallopian eustachian bright kawasaki
wilson hashimotos addisons cushings raynauds alzheimers parkinsons crohns kussmaul cheyne stokes
hutchinson horner bartholin skene cowper brca salk sabin jenner pasteur koch lister hippocrates galen
fleming nightingale barton curie mendel freud jung pavlov ebola zika marburg lassa norwalk coxsackie
`)...)
