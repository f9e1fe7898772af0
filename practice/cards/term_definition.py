"""Which term matches this definition, and the reverse: which definition matches this term.

Four options, graded by ``quizzes.grading.SingleChoice``; distractors are other terms of the
glossary, fixed per card.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import Card, ChoiceCardType, choices, register


class _TermCard(ChoiceCardType):
    reverse = False

    def generate(self, data):
        terms = data.terms
        if len(terms) < 2:
            return
        for term in terms:
            card_id = f"{self.code}:{term.key}"
            others = [other for other in terms if other.key != term.key]
            options = choices(card_id, term, others)
            if self.reverse:
                prompt, subject = _("Which definition matches this term?"), term.term
                shown = [(option.key, option.definition) for option in options]
                answer = term.definition
            else:
                prompt, subject = _("Which term matches this definition?"), term.definition
                shown = [(option.key, option.term) for option in options]
                answer = term.term
            yield Card(
                id=card_id,
                type=self.code,
                prompt=prompt,
                subject=subject,
                answer=answer,
                requires=(term.lesson_ids,),
                module_id=data.module_of(term.lesson_ids),
                data={"options": shown},
                key={"right": term.key},
                lesson=data.lesson_link(term.lesson_ids),
            )


@register
class TermForDefinition(_TermCard):
    code = "term"
    label = gettext_lazy("Which term is it?")


@register
class DefinitionForTerm(_TermCard):
    code = "definition"
    label = gettext_lazy("What does the term mean?")
    reverse = True
