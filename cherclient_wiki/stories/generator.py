"""Realistic demo stories, generated from a fixed seed: the same run gives the same site.

The brands are invented. Each brand has a level of care (how well it treats its customers) and a
pull of its competitors (how easily even happy customers leave); satisfaction follows the care and
the kind of story, and the ending follows satisfaction — strongly, not perfectly: some delighted
customers still leave for a better price, some unhappy ones stay for want of choice, and a complaint
well handled often ends more loyal than a plain love story (the "complaint paradox"). The texts are
assembled from phrases written for this file, matched to the facts they describe.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from typing import Any

SEED = 20261201
STORY_COUNT = 330
FIRST_YEAR = 2001


@dataclass(frozen=True)
class DemoBrand:
    name: str
    sector: str
    care: float  # 0..1: how often a problem is put right, how often customers are delighted
    pull: float  # 0..1: how hard competitors pull even satisfied customers away


BRANDS = [
    DemoBrand("Autorama", "automobile", 0.75, 0.25),
    DemoBrand("Garage Vallet", "automobile", 0.85, 0.10),
    DemoBrand("Motors Delaunay", "automobile", 0.35, 0.30),
    DemoBrand("Banque Horizon", "banque", 0.45, 0.20),
    DemoBrand("Crédit des Vallées", "banque", 0.70, 0.15),
    DemoBrand("Néobanque Flux", "banque", 0.55, 0.45),
    DemoBrand("Mutuelle Armor", "assurance", 0.80, 0.15),
    DemoBrand("Assurances Pallas", "assurance", 0.30, 0.35),
    DemoBrand("Protecto", "assurance", 0.55, 0.40),
    DemoBrand("Telvia", "telecoms", 0.30, 0.55),
    DemoBrand("Onde Mobile", "telecoms", 0.55, 0.60),
    DemoBrand("Réseau Azur", "telecoms", 0.40, 0.45),
    DemoBrand("Primeur & Cie", "distribution", 0.80, 0.20),
    DemoBrand("Hypermarchés Soleil", "distribution", 0.45, 0.40),
    DemoBrand("Maxi Marché", "distribution", 0.60, 0.35),
    DemoBrand("Colisso", "e-commerce", 0.50, 0.50),
    DemoBrand("Panier Malin", "e-commerce", 0.70, 0.45),
    DemoBrand("Maison Vireo", "e-commerce", 0.85, 0.30),
    DemoBrand("Rail Express Régional", "transport", 0.35, 0.15),
    DemoBrand("AirLitoral", "transport", 0.50, 0.45),
    DemoBrand("Cars Bleus", "transport", 0.65, 0.25),
    DemoBrand("Énergie Claire", "energie", 0.65, 0.40),
    DemoBrand("Volt Direct", "energie", 0.40, 0.55),
    DemoBrand("Brasserie du Port", "restauration", 0.85, 0.20),
    DemoBrand("Pizza Nonna", "restauration", 0.65, 0.40),
    DemoBrand("Le Comptoir Vert", "restauration", 0.75, 0.30),
    DemoBrand("Hôtels Escale", "hotellerie", 0.60, 0.40),
    DemoBrand("Auberge des Cimes", "hotellerie", 0.90, 0.15),
    DemoBrand("Ménagia", "electromenager", 0.45, 0.35),
    DemoBrand("Frigor", "electromenager", 0.70, 0.30),
    DemoBrand("Eaux du Val", "services-publics", 0.50, 0.0),
    DemoBrand("Caisse d'allocations du Nord", "services-publics", 0.45, 0.0),
    DemoBrand("Meubles Lignes", "ameublement", 0.40, 0.45),
    DemoBrand("Optique Lumen", "sante", 0.80, 0.25),
    DemoBrand("Ciné Palace", "loisirs", 0.60, 0.35),
    DemoBrand("Pressing Étoile", "autre", 0.75, 0.25),
]

FEMININE = {
    "amelie", "chloe", "elodie", "gaelle", "ines", "karine", "manon", "oceane", "rachida", "tiphaine", "valerie",
    "yasmine", "zoe", "brigitte", "delphine", "florence", "helene", "josiane", "lucie", "nathalie", "odile",
}

FIRST_NAMES = [
    "amelie", "bruno", "chloe", "damien", "elodie", "fabrice", "gaelle", "hugo", "ines", "jerome",
    "karine", "laurent", "manon", "nicolas", "oceane", "pascal", "quentin", "rachida", "sebastien",
    "tiphaine", "ulysse", "valerie", "william", "xavier", "yasmine", "zoe", "antoine", "brigitte",
    "cedric", "delphine", "emile", "florence", "gregoire", "helene", "ibrahim", "josiane", "kevin",
    "lucie", "mathieu", "nathalie", "odile", "patrick",
]


@dataclass(frozen=True)
class Vocabulary:
    """Words of a sector, so that a bank story talks about a bank."""

    place: str  # where you meet the brand
    staff: str  # who answers
    purchases: tuple[str, ...]  # what the customer bought or used
    problems: tuple[str, ...]  # what went wrong (complaints)
    delights: tuple[str, ...]  # what the brand did that it did not have to (love, bravo)
    alternative: str  # what leaving means


VOCABULARY: dict[str, Vocabulary] = {
    "automobile": Vocabulary(
        "la concession", "le technicien de l'atelier",
        ("ma citadine d'occasion", "un break familial", "la révision des cent mille kilomètres", "le remplacement de l'embrayage"),
        ("un voyant moteur toujours allumé après la révision", "une facture gonflée de pièces que je n'avais pas demandées",
         "une voiture de courtoisie promise et jamais disponible", "une rayure sur la portière au retour de l'atelier"),
        ("m'a prêté un véhicule sans que je le demande", "a refait le réglage gratuitement un samedi matin",
         "m'a appelé pour me dire qu'une pièce pouvait encore attendre six mois", "a recousu le siège conducteur sans rien facturer"),
        "acheter ma prochaine voiture ailleurs",
    ),
    "banque": Vocabulary(
        "l'agence", "ma conseillère",
        ("mon compte courant", "un prêt immobilier", "ma carte bancaire", "un livret ouvert pour ma fille"),
        ("une carte bloquée à l'étranger sans prévenir", "des frais prélevés deux fois pour le même incident",
         "un virement parti sur un mauvais compte", "un dossier de prêt égaré à deux semaines de la signature"),
        ("a débloqué ma carte un dimanche soir, depuis chez elle", "a renégocié mon prêt avant même que je le demande",
         "m'a rappelé pour signaler un prélèvement suspect", "a pris une heure pour m'expliquer mon contrat ligne par ligne"),
        "transférer mes comptes dans une autre banque",
    ),
    "assurance": Vocabulary(
        "l'agence", "la conseillère sinistres",
        ("mon assurance habitation", "la complémentaire santé de la famille", "l'assurance de ma voiture", "un contrat pour mon appartement en location"),
        ("un dégât des eaux indemnisé au bout de huit mois", "un remboursement refusé pour une pièce soi-disant manquante",
         "une cotisation augmentée sans explication", "un expert venu deux fois sans jamais envoyer son rapport"),
        ("a envoyé un artisan le lendemain de l'inondation", "m'a versé une avance sans attendre l'expertise",
         "m'a conseillé de baisser une garantie inutile", "a appelé pour prendre des nouvelles après l'accident"),
        "changer d'assureur à l'échéance",
    ),
    "telecoms": Vocabulary(
        "la boutique", "le technicien",
        ("ma box internet", "mon forfait mobile", "la fibre installée dans la maison", "le téléphone de mon père"),
        ("une coupure d'internet de trois semaines", "une facture avec des options jamais souscrites",
         "un rendez-vous d'installation annulé quatre fois", "un déménagement de ligne qui a duré deux mois"),
        ("a rappelé le soir même pour vérifier que tout marchait", "m'a proposé un forfait moins cher que le mien",
         "est revenu un samedi pour déplacer la prise sans rien facturer", "m'a offert un mois d'abonnement sans que je le réclame"),
        "porter mon numéro chez un concurrent",
    ),
    "distribution": Vocabulary(
        "le magasin", "le vendeur du rayon",
        ("les courses de la semaine", "une perceuse", "un cadeau d'anniversaire", "des produits frais pour une fête"),
        ("un article payé deux fois à la caisse", "un produit périmé dans un panier de fête",
         "un remboursement refusé sans ticket alors que j'avais la carte de fidélité", "une promotion annoncée mais introuvable en rayon"),
        ("m'a mis de côté le dernier article en réserve", "a raccompagné ma mère jusqu'à sa voiture avec les sacs",
         "m'a conseillé un modèle moins cher que celui que je voulais", "a échangé l'appareil sans discuter un an après l'achat"),
        "faire mes achats ailleurs",
    ),
    "e-commerce": Vocabulary(
        "le site", "la conseillère du service client",
        ("une commande de vêtements", "un aspirateur commandé en ligne", "des fournitures pour la rentrée", "une lampe de bureau"),
        ("un colis marqué livré mais jamais reçu", "un retour gratuit finalement facturé",
         "une commande annulée sans explication la veille de Noël", "un remboursement promis sous cinq jours et arrivé en deux mois"),
        ("a renvoyé un colis neuf avant même que le premier soit retrouvé", "a glissé un mot manuscrit dans le paquet",
         "m'a prévenu d'une baisse de prix juste après ma commande et remboursé la différence", "a prolongé le délai de retour sans que je le demande"),
        "commander sur un autre site",
    ),
    "transport": Vocabulary(
        "la gare", "le contrôleur",
        ("mon abonnement mensuel", "un aller-retour pour un mariage", "un vol de vacances en famille", "un billet de dernière minute"),
        ("un train supprimé sans solution de remplacement", "une valise égarée pendant dix jours",
         "un remboursement de retard refusé pour une question de formulaire", "une correspondance ratée et une nuit passée sur place"),
        ("m'a trouvé une place dans le train suivant et prévenu ma famille", "a gardé le car cinq minutes pour que j'arrive",
         "m'a rapporté le portefeuille oublié sur mon siège", "a remboursé mon billet en quelques minutes au guichet"),
        "prendre la voiture ou une autre compagnie",
    ),
    "energie": Vocabulary(
        "l'espace client", "le conseiller",
        ("mon contrat d'électricité", "le gaz de la maison", "l'installation d'un compteur", "un contrat pour mon studio"),
        ("une facture de régularisation de huit cents euros", "un contrat résilié par erreur en plein hiver",
         "des mensualités recalculées trois fois dans l'année", "un relevé estimé très au-dessus de la réalité"),
        ("a étalé ma facture sur dix mois sans frais", "m'a appelé pour signaler une consommation anormale",
         "a corrigé mon relevé sur simple photo du compteur", "m'a aidé à remplir le dossier d'aide aux travaux"),
        "changer de fournisseur",
    ),
    "restauration": Vocabulary(
        "le restaurant", "le serveur",
        ("un dîner d'anniversaire", "un déjeuner d'équipe", "une pizza à emporter un soir de match", "un repas avec mes parents"),
        ("une réservation perdue un soir de fête", "une heure d'attente pour un plat froid",
         "une addition avec deux plats que nous n'avions pas pris", "un plat servi avec un allergène que j'avais signalé"),
        ("a préparé un dessert avec une bougie sans qu'on le demande", "a refait un plat sans allergène en cuisine, rien que pour moi",
         "a retrouvé et gardé l'écharpe que j'avais oubliée", "nous a installés en terrasse alors que tout était complet"),
        "aller dîner ailleurs",
    ),
    "hotellerie": Vocabulary(
        "la réception", "l'employée de la réception",
        ("une nuit d'étape sur la route des vacances", "un week-end en amoureux", "trois nuits pour un salon professionnel", "une semaine en famille"),
        ("une chambre réservée mais donnée à quelqu'un d'autre", "une climatisation en panne en plein mois d'août",
         "une caution encaissée et jamais rendue", "des travaux bruyants dès sept heures du matin sans prévenir"),
        ("nous a surclassés parce que c'était notre anniversaire de mariage", "a gardé ma valise toute une journée",
         "a fait ouvrir la cuisine pour un repas à minuit", "m'a renvoyé par la poste le chargeur oublié dans la chambre"),
        "réserver dans un autre hôtel",
    ),
    "electromenager": Vocabulary(
        "le service après-vente", "le technicien",
        ("un lave-linge", "le réfrigérateur de la cuisine", "un four encastrable", "un lave-vaisselle"),
        ("une panne à quinze mois et une garantie refusée", "trois semaines d'attente pour une pièce détachée",
         "un technicien reparti sans avoir réparé", "une machine livrée avec la porte enfoncée"),
        ("a réparé la machine onze mois après la fin de la garantie sans rien facturer", "a expliqué au téléphone comment déboucher le filtre soi-même",
         "a envoyé un appareil de prêt le temps de la réparation", "a changé la pièce défectueuse sur toute la série"),
        "choisir une autre marque au prochain achat",
    ),
    "services-publics": Vocabulary(
        "l'accueil", "l'agent",
        ("le dossier de ma mère", "le raccordement de la maison", "une demande d'aide au logement", "le contrat d'eau de mon appartement"),
        ("un dossier perdu deux fois", "une file d'attente téléphonique de quarante minutes",
         "une lettre de relance pour une facture déjà payée", "un courrier resté sans réponse pendant trois mois"),
        ("m'a rappelé pour compléter le dossier au lieu de le refuser", "a pris le temps de remplir le formulaire avec moi",
         "a accepté une photo du compteur plutôt qu'un rendez-vous en semaine", "m'a donné son numéro direct pour la suite"),
        "trouver une autre solution",
    ),
    "ameublement": Vocabulary(
        "le magasin", "le vendeur",
        ("un canapé d'angle", "une table de salle à manger", "une armoire pour la chambre des enfants", "une literie complète"),
        ("un canapé livré avec un pied cassé", "une livraison reportée cinq fois",
         "une armoire montée de travers par le livreur", "un acompte jamais remboursé après une annulation"),
        ("a remplacé le tissu taché sans discuter", "a livré le dimanche pour que je sois là",
         "a monté le meuble et repris les cartons", "m'a prévenu qu'un modèle moins cher arrivait la semaine suivante"),
        "meubler la maison ailleurs",
    ),
    "sante": Vocabulary(
        "la boutique", "l'opticienne",
        ("une paire de lunettes progressives", "des lentilles pour mon fils", "des lunettes de soleil à ma vue", "un contrôle de la vue"),
        ("des verres mal centrés qui donnaient mal à la tête", "une monture cassée au bout d'un mois",
         "un remboursement de mutuelle mal calculé", "une commande annoncée en une semaine et arrivée en six"),
        ("a refait les verres gratuitement après mon adaptation difficile", "a resserré et nettoyé mes lunettes sans rien demander",
         "a trouvé une monture solide pour un enfant qui casse tout", "m'a prêté une paire le temps de la réparation"),
        "changer d'opticien",
    ),
    "loisirs": Vocabulary(
        "le cinéma", "la caissière",
        ("une carte d'abonnement", "une séance avec mes neveux", "une avant-première", "des places pour un festival"),
        ("une séance annulée au dernier moment", "une carte d'abonnement débitée deux fois",
         "un son si fort qu'il a fallu sortir", "des places en ligne impossibles à récupérer"),
        ("nous a offert des places après une panne de projecteur", "a rouvert la salle pour retrouver le doudou de ma fille",
         "a prolongé mon abonnement pendant mon arrêt maladie", "a trouvé une place accessible pour mon grand-père"),
        "aller voir les films ailleurs",
    ),
    "autre": Vocabulary(
        "la boutique", "la gérante",
        ("le nettoyage d'un costume", "une robe de mariée à nettoyer", "des rideaux anciens", "une doudoune tachée"),
        ("un vêtement rendu avec une brûlure", "une commande égarée pendant trois semaines",
         "un prix qui avait doublé entre le dépôt et le retrait", "une tache qui était toujours là"),
        ("a recousu un bouton sans qu'on le lui demande", "a fait une deuxième fois le nettoyage sans rien facturer",
         "a gardé la boutique ouverte dix minutes de plus pour moi", "m'a rendu le vêtement plié avec un mot d'explication"),
        "aller voir ailleurs",
    ),
}

CONTACT = {
    "phone": ("J'ai appelé le service client", "Au téléphone, on m'a répondu"),
    "shop": ("Je suis retourné{e} au magasin", "Sur place, on m'a répondu"),
    "web": ("J'ai écrit par le formulaire du site", "La réponse écrite est arrivée"),
    "social": ("J'ai posté un message public sur les réseaux sociaux", "Un message privé m'a répondu"),
    "mail": ("J'ai envoyé un courrier détaillé, copies à l'appui", "La réponse est arrivée par courrier"),
    "in_person": ("J'ai demandé à parler à quelqu'un sur place", "En face de moi, on m'a répondu"),
}

OPENINGS = (
    "En {year}, pour {purchase}, je me suis adressé{e} à {brand}.",
    "Je suis client{e} {of_brand} depuis {years} ans. En {year}, c'était pour {purchase}.",
    "C'était en {year}. {brand} s'occupait de {purchase}, sans histoire jusque-là.",
    "Je n'avais jamais eu affaire à {brand} avant {year}, quand il a fallu penser à {purchase}.",
    "Ma famille fait confiance à {brand} depuis longtemps. En {year}, mon tour est venu, pour {purchase}.",
    "En {year}, un collègue m'avait conseillé {brand} pour {purchase}.",
)

COMPLAINT_EVENTS = (
    "Le problème : {problem}. {contact}, en restant poli{e} mais ferme.",
    "Tout a dérapé avec {problem}. {contact} le jour même.",
    "Puis il y a eu {problem}. Après deux jours d'attente, {contact_lower}.",
)

DELIGHT_EVENTS = (
    "Ce jour-là, {staff} {delight}. Rien ne l'y obligeait.",
    "Je ne m'y attendais pas du tout : {staff} {delight}.",
    "Le petit geste qui a tout changé : {staff} {delight}, simplement parce que c'était possible.",
)

DELIGHT_ASIDES = (
    "Mes enfants s'en souviennent encore.",
    "Je l'ai raconté le soir même à ma sœur, qui n'y croyait pas.",
    "Ma mère en parle encore quand on passe devant.",
    "Un collègue à qui je l'ai raconté m'a dit avoir vécu presque la même chose.",
)

ASIDES = (
    "J'ai gardé une copie de tous les échanges, au cas où.",
    "Autour de moi, on me conseillait de laisser tomber.",
    "Je précise que je ne suis pas du genre à me plaindre pour rien.",
    "Ce n'était pas une grosse somme, mais c'était une question de principe.",
    "J'avais prévu une journée entière pour cela, et j'étais déjà fatigué{e}.",
    "Ma sœur me disait de laisser tomber, mais je voulais comprendre.",
    "Mon mari trouvait que j'en faisais un peu trop.",
    "Un voisin avait vécu la même chose l'année précédente.",
    "Je reconnais que je n'étais pas de très bonne humeur ce jour-là.",
)

# Second thoughts, as people write them: nobody's story is all of one piece.
NUANCES = (
    "Tout n'est pas parfait, bien sûr, mais l'essentiel y est.",
    "Je sais que d'autres clients ont vécu l'inverse.",
    "Je reconnais que j'ai un peu tardé à réagir, moi aussi.",
    "Avec le recul, j'aurais sans doute dû demander plus tôt.",
    "Le prix compte, mais ce n'est pas tout.",
    "Certes, ce n'était pas une affaire d'État, mais c'était la mienne.",
)

RESPONSES: dict[tuple[str, str], tuple[str, ...]] = {
    ("complaint", "high"): (
        "{answer} dans la journée. {staff_cap} a reconnu l'erreur sans chercher d'excuse, m'a dit ce qui allait se passer et l'a fait.",
        "{answer} rapidement, avec le nom d'une personne qui a suivi le dossier jusqu'au bout. Tout a été réglé en moins d'une semaine, avec un geste commercial que je n'avais pas réclamé.",
        "{answer} avec des excuses qui sonnaient vrai. Le dossier a été repris depuis le début et réglé sans que j'aie à relancer une seule fois.",
    ),
    ("complaint", "mid"): (
        "{answer} au bout de dix jours. Le problème a fini par être réglé, mais il a fallu relancer deux fois et tout réexpliquer à chaque appel.",
        "{answer} poliment, avec une solution à moitié : le remboursement est arrivé, l'explication jamais.",
        "{answer} de manière correcte, sans plus. On a réglé le problème, sans reconnaître qu'il y en avait eu un.",
    ),
    ("complaint", "low"): (
        "{answer} par un message tout fait, puis plus rien. Trois relances, trois interlocuteurs différents, aucune solution.",
        "{answer} que ce n'était pas de leur ressort et qu'il fallait voir avec un autre service, qui m'a renvoyé vers le premier.",
        "{answer} au bout d'un mois, pour me demander des documents que j'avais déjà envoyés. J'ai fini par abandonner.",
    ),
    ("love", "high"): (
        "Depuis, chaque passage chez {brand} se passe de la même façon : on me reconnaît, on m'écoute, et les promesses sont tenues.",
        "Ce n'était pas un coup d'éclat isolé : au fil des années, {brand} a toujours fait ce qu'il avait annoncé, au prix annoncé.",
        "J'ai compris ce jour-là que chez {brand}, les gens ont le droit de bien faire leur travail, et qu'ils en ont envie.",
    ),
    ("love", "mid"): (
        "Les années suivantes ont été plus inégales : de bons moments, quelques attentes inutiles, un service qui dépend beaucoup de la personne sur qui l'on tombe.",
        "Avec le temps, l'enthousiasme s'est un peu émoussé : rien de grave, mais le petit plus du début a disparu.",
    ),
    ("love", "low"): (
        "Malheureusement, les choses ont changé ensuite : nouvelle direction, équipes renouvelées, et l'impression de n'être plus qu'un numéro.",
        "Ce souvenir reste, mais les dernières fois ont été décevantes : délais, réponses toutes faites, plus personne pour prendre une décision.",
    ),
    ("bravo", "high"): (
        "Je tenais à le dire ici : bravo à cette équipe, et merci à la personne qui a pris l'initiative.",
        "Ce genre de geste ne coûte presque rien et vaut plus que toutes les cartes de fidélité. Bravo.",
        "On parle souvent de ce qui ne va pas ; je voulais raconter ce qui a très bien marché.",
    ),
    ("bravo", "mid"): (
        "Tout n'est pas parfait chez {brand}, loin de là, mais ce jour-là quelqu'un a fait la différence, et cela mérite d'être dit.",
    ),
    ("bravo", "low"): (
        "Dommage que le reste ne suive pas : ce geste était celui d'une personne, pas celui de l'entreprise.",
    ),
}

ENDINGS: dict[tuple[str, str], tuple[str, ...]] = {
    ("loyal", "high"): (
        "Je suis toujours client{e}, et je le serai tant que ça durera.",
        "Je n'ai jamais eu l'envie d'aller voir ailleurs, et j'en parle volontiers autour de moi.",
        "Aujourd'hui encore, c'est vers eux que je me tourne en premier.",
    ),
    ("loyal", "low"): (
        "Je suis resté{e}, faute de mieux : {alternative} n'était pas vraiment possible là où j'habite.",
        "Je suis toujours client{e}, mais par habitude plus que par choix. Le jour où une vraie alternative existera, je partirai.",
    ),
    ("left", "high"): (
        "Et pourtant je suis parti{e} : un concurrent proposait presque deux fois moins cher, et la satisfaction ne paie pas les factures.",
        "J'ai fini par {alternative}, sans rancune : un déménagement, de nouvelles habitudes. Je garde un très bon souvenir.",
        "J'ai quand même fini par {alternative} : une offre plus simple ailleurs. Être satisfait{e} ne m'a pas retenu{e}.",
    ),
    ("left", "low"): (
        "J'ai fini par {alternative}, et je ne le regrette pas.",
        "C'en était trop : j'ai décidé de {alternative} dès que possible.",
        "Je suis parti{e}, et j'ai raconté cette histoire à tous ceux qui me demandaient conseil.",
    ),
    ("returned", "high"): (
        "J'étais parti{e} entre-temps pour une offre plus alléchante ; je suis revenu{e} au bout d'un an, parce que le service faisait la différence.",
        "J'avais fini par {alternative} ; cette façon de réagir m'a fait revenir, et je suis toujours là.",
    ),
    ("returned", "low"): (
        "J'étais parti{e}, puis revenu{e} par commodité. Je reste méfiant{e}.",
        "Après un détour ailleurs, pas meilleur, je suis revenu{e}, sans grand enthousiasme.",
    ),
    ("undecided", "high"): (
        "Je ne sais pas encore si je resterai : le prix compte aussi, et la question se posera au prochain renouvellement.",
    ),
    ("undecided", "low"): (
        "Je n'ai pas encore décidé si je reste. Je leur laisse une dernière chance.",
        "Le dossier est clos, mais ma décision ne l'est pas : je compare les offres.",
    ),
}

TITLES: dict[tuple[str, str], tuple[str, ...]] = {
    ("complaint", "high"): ("Une réclamation réglée en beauté", "{brand} a reconnu son erreur", "Mieux traité{e} après l'incident qu'avant",
                            "Un problème, et quelqu'un pour le régler", "La réclamation qui m'a réconcilié{e} avec {brand}"),
    ("complaint", "mid"): ("Réglé, mais à force de relances", "Une réponse à moitié", "{brand} : correct, sans plus",
                           "Il a fallu insister"),
    ("complaint", "low"): ("Renvoyé{e} d'un service à l'autre", "Trois relances, aucune solution", "{brand} ne répond plus",
                           "Le dossier qui ne se règle jamais", "Ma pire expérience avec {brand}"),
    ("love", "high"): ("Pourquoi je reste chez {brand}", "Des années de confiance", "Une relation qui dure", "{brand}, tout simplement",
                       "Le service qui fait la différence"),
    ("love", "mid"): ("Une belle histoire qui s'essouffle", "{brand} et moi, des hauts et des bas"),
    ("love", "low"): ("J'ai aimé cette marque", "Le charme est rompu", "{brand} n'est plus ce qu'il était"),
    ("bravo", "high"): ("Bravo à l'équipe {of_brand}", "Un geste que je n'oublierai pas", "Merci pour ce petit miracle",
                        "Quand quelqu'un prend l'initiative"),
    ("bravo", "mid"): ("Un bravo malgré tout", "Un beau geste chez {brand}"),
    ("bravo", "low"): ("Un bravo pour une seule personne",),
}

SPECIFIC_TITLES = {
    "complaint": ("{problem_cap} chez {brand}", "{brand} : {problem}"),
    "love": ("Chez {brand}, {staff} {delight}", "{brand}, {purchase} et moi"),
    "bravo": ("{staff_cap} {delight}", "Chez {brand}, {staff} {delight}"),
}

CHANNELS_BY_SECTOR = {
    "automobile": ("shop", "phone", "in_person", "mail"),
    "banque": ("phone", "web", "in_person", "mail"),
    "assurance": ("phone", "mail", "web"),
    "telecoms": ("phone", "web", "social", "shop"),
    "distribution": ("shop", "in_person", "web"),
    "e-commerce": ("web", "mail", "social", "phone"),
    "transport": ("in_person", "web", "social", "phone"),
    "energie": ("phone", "web", "mail"),
    "restauration": ("in_person", "social", "phone"),
    "hotellerie": ("in_person", "web", "mail"),
    "electromenager": ("phone", "shop", "web"),
    "services-publics": ("phone", "mail", "in_person", "web"),
    "ameublement": ("shop", "phone", "mail"),
    "sante": ("shop", "in_person", "phone"),
    "loisirs": ("in_person", "web", "social"),
    "autre": ("shop", "in_person"),
}

# Probability of staying or coming back, by satisfaction: strong, but far from certain.
KEPT_BY_SATISFACTION = {1: 0.10, 2: 0.22, 3: 0.42, 4: 0.62, 5: 0.72}
COMPLAINT_RECOVERY_BONUS = 0.14  # a complaint put right (4-5) keeps more customers than a love story
RETURNED_SHARE = {"complaint": 0.45, "love": 0.15, "bravo": 0.20}


def _band(satisfaction: int) -> str:
    return "high" if satisfaction >= 4 else "mid" if satisfaction == 3 else "low"


def _kind(rng: random.Random, brand: DemoBrand) -> str:
    love = 0.25 + 0.2 * brand.care
    bravo = 0.08 + 0.15 * brand.care
    roll = rng.random()
    return "love" if roll < love else "bravo" if roll < love + bravo else "complaint"


def _satisfaction(rng: random.Random, kind: str, brand: DemoBrand) -> int:
    if kind == "complaint":
        handled = rng.random() < brand.care
        return rng.choice((3, 4, 4, 5, 5)) if handled else rng.choice((1, 1, 2, 2, 3))
    if kind == "bravo":
        return rng.choice((4, 5, 5, 5)) if rng.random() < 0.9 else 3
    return rng.choice((4, 5, 5)) if rng.random() < 0.55 + 0.4 * brand.care else rng.choice((2, 3, 3))


def _ending(rng: random.Random, kind: str, satisfaction: int, brand: DemoBrand, year: int) -> str:
    if rng.random() < (0.18 if year >= date.today().year - 1 else 0.07):
        return "undecided"
    kept = KEPT_BY_SATISFACTION[satisfaction] - 0.15 * brand.pull
    if kind == "complaint" and satisfaction >= 4:
        kept += COMPLAINT_RECOVERY_BONUS
    if brand.pull == 0.0:  # a monopoly: unhappy customers cannot leave
        kept = max(kept, 0.85)
    if rng.random() >= kept:
        return "left"
    return "returned" if rng.random() < RETURNED_SHARE[kind] else "loyal"


def _year(rng: random.Random) -> int:
    this_year = date.today().year
    return int(rng.triangular(FIRST_YEAR, this_year + 0.99, this_year))


def _channel(rng: random.Random, sector: str, year: int) -> str | None:
    if rng.random() < 0.08:
        return None
    options = [c for c in CHANNELS_BY_SECTOR[sector] if c != "social" or year >= 2010]
    return rng.choice(options)


def of(name: str) -> str:
    """French elision: "de Telvia", "d'Autorama", "d'Hôtels Escale"."""
    return f"d'{name}" if name[:1].lower() in "aeiouyéèêh" else f"de {name}"


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _words(rng: random.Random, brand: DemoBrand, year: int, channel: str | None, e: str) -> dict[str, Any]:
    """The particulars of one story, shared by its title and its body so that both tell the same."""
    words = VOCABULARY[brand.sector]
    contact, answer = (part.format(e=e) for part in CONTACT[channel or "phone"])
    problem = rng.choice(words.problems)
    return {
        "brand": brand.name, "year": year, "years": date.today().year - year + rng.randint(1, 8), "purchase": rng.choice(words.purchases),
        "problem": problem, "problem_cap": _capitalise(problem), "delight": rng.choice(words.delights), "staff": words.staff,
        "staff_cap": _capitalise(words.staff), "contact": contact, "contact_lower": contact[:1].lower() + contact[1:],
        "answer": answer, "alternative": words.alternative, "e": e, "of_brand": of(brand.name),
    }


def _body(rng: random.Random, kind: str, satisfaction: int, ending: str, fill: dict[str, Any]) -> str:
    band = _band(satisfaction)
    event = rng.choice(COMPLAINT_EVENTS if kind == "complaint" else DELIGHT_EVENTS)
    if rng.random() < 0.6:
        event += " " + rng.choice(ASIDES if kind == "complaint" else DELIGHT_ASIDES)
    paragraphs = [
        rng.choice(OPENINGS),
        event,
        rng.choice(RESPONSES[(kind, band)]),
        rng.choice(ENDINGS[(ending, "high" if band == "high" else "low")]),
    ]
    if rng.random() < 0.6:
        paragraphs[-1] = rng.choice(NUANCES) + " " + paragraphs[-1]
    return "\n\n".join(paragraph.format(**fill) for paragraph in paragraphs)


def _title(rng: random.Random, kind: str, satisfaction: int, fill: dict[str, Any], taken: set[str]) -> str:
    """Half the time a title that names what happened, otherwise one that sums up how it felt."""
    specific = [t.format(**fill) for t in SPECIFIC_TITLES[kind]]
    general = [t.format(**fill) for t in TITLES[(kind, _band(satisfaction))]]
    rng.shuffle(specific)
    rng.shuffle(general)
    options = specific + general if rng.random() < 0.5 else general + specific
    for title in options:
        if title not in taken:
            return title
    base, n = options[0], 2
    while f"{base} ({n})" in taken:
        n += 1
    return f"{base} ({n})"


def authors(count: int = len(FIRST_NAMES), seed: int = SEED) -> list[str]:
    """Demo usernames: a first name and a two-digit suffix, stable for a seed."""
    rng = random.Random(seed)
    return [f"{name}{rng.randint(10, 99)}" for name in FIRST_NAMES[:count]]


def generate(count: int = STORY_COUNT, seed: int = SEED) -> list[dict[str, Any]]:
    """The demo stories as submissions (the API's keys) plus their "author" and the brand's
    "sector". A few prolific authors and many occasional ones, as on a real site."""
    rng = random.Random(seed)
    people = authors(seed=seed)
    weights = [1 / (rank + 1) ** 0.5 for rank in range(len(people))]
    titles: dict[str, set[str]] = {}
    stories = []
    for _n in range(count):
        brand = rng.choice(BRANDS)
        kind = _kind(rng, brand)
        satisfaction = _satisfaction(rng, kind, brand)
        year = _year(rng)
        ending = _ending(rng, kind, satisfaction, brand, year)
        channel = _channel(rng, brand.sector, year)
        author = rng.choices(people, weights)[0]
        e = "e" if author.rstrip("0123456789") in FEMININE else ""  # agreement: « partie », « cliente »
        fill = _words(rng, brand, year, channel, e)
        title = _title(rng, kind, satisfaction, fill, titles.setdefault(author, set()))
        titles[author].add(title)
        stories.append({
            "author": author, "sector": brand.sector, "title": title,
            "body": _body(rng, kind, satisfaction, ending, fill),
            "brands": [brand.name], "kind": kind, "satisfaction": satisfaction, "ending": ending,
            "year": year, "channel": channel,
        })
    return stories
